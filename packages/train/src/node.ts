/**
 * @packageDocumentation `@rrnn/train/node`: checkpoint and run folders on the local file system
 * (Node only). A checkpoint folder holds model.json + weights.bin (tfjs format), vocab.json,
 * config.json, the optimizer state (training checkpoints) and manifest.json (SHA-256 and size of
 * every file, verified on load); folders are written atomically (temporary folder + rename).
 */
export {
  type Checkpoint, type TrainingState, type RunCheckpoint, saveCheckpoint, loadCheckpoint, resolveRunCheckpoint, loadRun,
} from './checkpoint';
export { type ChecksumManifest, writeDirAtomic } from './checkpoint-files';
