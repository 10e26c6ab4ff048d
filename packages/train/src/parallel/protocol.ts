import type { ModelConfig } from '../config';
import type { TokenWindow } from '../step';

/** What a peer needs to compute the gradients of one shard of a window. */
export interface ShardRequest {
  /** Every parameter's values, in `modelParameters()` order, row-major. */
  weights: Float32Array[];
  window: TokenWindow;
  /** The shard's carried state: h of every layer, then c of every layer (LSTM), each [rows, units] row-major. */
  state: Float32Array[];
  /** Dropout seed of this shard. */
  seed: number;
  /**
   * What the shard's mean loss is multiplied by before the gradients are taken (default 1): its share
   * of the window's tokens, so that the shards' answers add up to the whole window's mean loss and gradients.
   */
  lossScale?: number;
  /**
   * Arrays to write the gradients into (one per parameter, of its size), e.g. views on memory shared
   * with the sender; the reply's `grads` are then these arrays. Absent: the reply has arrays of its own.
   */
  gradsInto?: Float32Array[];
}

/** A peer's answer: the shard's loss (times `lossScale`), gradients (same order as the weights) and next state (same layout). */
export interface ShardReply {
  loss: number;
  grads: Float32Array[];
  state: Float32Array[];
}

/** What a peer needs to score one shard of an evaluation window (forward only, no dropout). */
export interface EvalShardRequest {
  /** Every parameter's values as in {@link ShardRequest}; absent: the weights of the peer's previous request. */
  weights?: Float32Array[];
  window: TokenWindow;
  /** The shard's carried state, laid out as in {@link ShardRequest}. */
  state: Float32Array[];
}

/** A peer's answer to an {@link EvalShardRequest}: every token's loss (row-major [rows, len]) and the next state. */
export interface EvalShardReply {
  losses: Float32Array;
  state: Float32Array[];
}

/**
 * Something that computes shard gradients for the data-parallel step (and shard losses for the
 * parallel evaluation): a worker thread (see {@link portPeer}) or, in tests, the same thread
 * ({@link localPeer}). It holds its own replica of the model; the weights come with the requests.
 */
export interface GradientPeer {
  compute(req: ShardRequest): Promise<ShardReply>;
  evaluate(req: EvalShardRequest): Promise<EvalShardReply>;
  close(): Promise<void>;
}

/** Messages between the training thread and a gradient worker. */
export type PeerMessage =
  | { type: 'init'; config: ModelConfig }
  | { type: 'compute'; id: number; request: ShardRequest }
  | { type: 'evaluate'; id: number; request: EvalShardRequest }
  | { type: 'close' };

/** A worker's answers. */
export type PeerAnswer =
  | { type: 'ready' }
  | { type: 'reply'; id: number; reply: ShardReply | EvalShardReply }
  | { type: 'error'; id: number | null; message: string };
