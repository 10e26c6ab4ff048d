/**
 * @packageDocumentation `@rrnn/train/parallel`: data-parallel training. Each step splits the batch
 * between the training thread and its peers (model replicas, e.g. in Node worker threads), which
 * answer one {@link ShardRequest} per step with their gradients; `train({ peers })` averages them
 * by tokens. `evaluateLossParallel` splits an evaluation's streams the same way (`train` validates
 * with it). The training thread makes peers with {@link portPeer}; a worker serves with
 * {@link serveGradients}.
 */
export {
  type GradientPeer, type ShardRequest, type ShardReply, type EvalShardRequest, type EvalShardReply, type PeerMessage, type PeerAnswer,
} from './parallel/protocol';
export { type PeerPort, type ShardComputer, createShardComputer, localPeer, portPeer, serveGradients } from './parallel/peer';
export { trainStepParallel } from './parallel/step';
export { evaluateLossParallel } from './parallel/evaluate';
export { type RowRange, shardRows } from './parallel/shards';
