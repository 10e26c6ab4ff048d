import { mulberry32, normal } from './random';

/** A token stream cut into `batch` parallel streams: `streams` is `[batch, steps]` row-major. */
export interface Batched {
  streams: Int32Array;
  batch: number;
  steps: number;
}

/** One BPTT window: `inputs` and `targets` are `[batch, len]` row-major; targets are inputs shifted by one step. */
export interface Window {
  inputs: Int32Array;
  targets: Int32Array;
  batch: number;
  len: number;
  /** First step of the window within each stream. */
  start: number;
}

/** Steps per stream when {@link batchify} cuts `tokens` ids into `batch` streams: `floor(tokens / batch)`. */
export function streamSteps(tokens: number, batch: number): number {
  return Math.floor(tokens / batch);
}

/**
 * Tokens the BPTT windows over `batchify(ids, batch)` score as targets (every stream's ids but its
 * first): `batch * (streamSteps - 1)`, the count a perplexity over `tokens` ids averages.
 */
export function scoredTokens(tokens: number, batch: number): number {
  return batch * (streamSteps(tokens, batch) - 1);
}

/**
 * Cuts `ids` into `batch` contiguous streams of `steps = floor(n / batch)`
 * tokens each, dropping the remainder, as the PyTorch reference's `batchify`
 * does: stream `b` is `ids[b*steps .. (b+1)*steps)`.
 *
 * @param name names the split in the error (e.g. the file it came from).
 * @throws when the ids give fewer than 2 steps per stream (one input and one target).
 */
export function batchify(ids: Int32Array, batch: number, name = 'the token stream'): Batched {
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`batchify: batch must be a positive integer, got ${batch}`);
  const steps = streamSteps(ids.length, batch);
  if (steps < 2) {
    throw new Error(
      `batchify: ${name} has ${ids.length} tokens, fewer than one batch of ${batch} streams x 2 steps needs (${2 * batch}); ` +
        `use a smaller batch size or a larger split`,
    );
  }
  return { streams: ids.slice(0, batch * steps), batch, steps };
}

/** Copies steps `[start, start+len)` of every stream into a `[batch, len]` array. */
function slab(b: Batched, start: number, len: number): Int32Array {
  const out = new Int32Array(b.batch * len);
  for (let r = 0; r < b.batch; r++) out.set(b.streams.subarray(r * b.steps + start, r * b.steps + start + len), r * len);
  return out;
}

/** Extra steps a variable-length window may exceed `bptt` by (AWD-LSTM's `max_seq_len_delta`). */
export const MAX_SEQ_LEN_DELTA = 40;

/**
 * The length of the next variable window, as AWD-LSTM draws it: base `bptt`
 * with probability 0.95, else `bptt / 2`; then `max(5, trunc(N(base, 5^2)))`,
 * capped at `bptt + 40`.
 */
export function variableLength(uniform: () => number, bptt: number): number {
  const base = uniform() < 0.95 ? bptt : bptt / 2;
  const len = Math.max(5, Math.trunc(normal(uniform, base, 5)));
  return Math.min(len, bptt + MAX_SEQ_LEN_DELTA);
}

/**
 * BPTT windows over batched streams, front to back. Fixed mode: windows of
 * `bptt` steps (the last one shorter). Variable mode (AWD-LSTM): each length
 * drawn by {@link variableLength} from a PRNG seeded with `seed` (default 0),
 * so the sequence is the same for the same seed. Every window is clipped to the
 * steps left; targets are the next tokens, so `start + len <= steps - 1`.
 */
export function* bpttWindows(b: Batched, bptt: number, o: { variable?: boolean; seed?: number } = {}): Iterable<Window> {
  if (!Number.isInteger(bptt) || bptt < 1) throw new Error(`bpttWindows: bptt must be a positive integer, got ${bptt}`);
  const uniform = o.variable ? mulberry32(o.seed ?? 0) : null;
  for (let start = 0; start < b.steps - 1; ) {
    const want = uniform ? variableLength(uniform, bptt) : bptt;
    const len = Math.min(want, b.steps - 1 - start);
    yield { inputs: slab(b, start, len), targets: slab(b, start + 1, len), batch: b.batch, len, start };
    start += len;
  }
}
