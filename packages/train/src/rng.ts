/**
 * The training loop's seeded generator (dropout masks, sampling): one 32-bit
 * state saved in checkpoints. It is @rrnn/data's mulberry32, re-exported so
 * the data windows and the training run draw from one implementation.
 */
export { type Rng, createRng, nextUint32, nextFloat } from '@rrnn/data';
