import { bpttWindows, streamSteps, type Batched, type Window } from '@rrnn/data';

/**
 * The training windows of one epoch: @rrnn/data's fixed BPTT windows, except
 * that a final window of a single step is merged into the one before it
 * (tfjs-core 4.22's Unpack gradient fails on one-step sequences). Every token
 * is still trained on exactly once per epoch.
 */
export function* trainingWindows(b: Batched, bptt: number): Iterable<Window> {
  let prev: Window | null = null;
  for (const w of bpttWindows(b, bptt)) {
    if (prev && w.len === 1) {
      yield joinWindows(prev, w);
      prev = null;
      continue;
    }
    if (prev) yield prev;
    prev = w;
  }
  if (prev) yield prev;
}

/** Number of windows {@link trainingWindows} yields for streams of `steps` steps. */
export function trainingWindowCount(steps: number, bptt: number): number {
  const n = Math.ceil((steps - 1) / bptt);
  return n > 1 && (steps - 1) % bptt === 1 ? n - 1 : n;
}

/**
 * Optimizer steps a run takes: `epochs` passes of {@link trainingWindows} over `trainTokens` ids cut
 * into `batchSize` streams, capped by `maxSteps`.
 */
export function plannedSteps(c: { epochs: number; batchSize: number; bptt: number; maxSteps?: number }, trainTokens: number): number {
  return Math.min(c.maxSteps ?? Infinity, c.epochs * trainingWindowCount(streamSteps(trainTokens, c.batchSize), c.bptt));
}

/** Two consecutive windows as one: `[batch, a.len + b.len]`. */
function joinWindows(a: Window, b: Window): Window {
  const len = a.len + b.len;
  const join = (x: Int32Array, y: Int32Array) => {
    const out = new Int32Array(a.batch * len);
    for (let r = 0; r < a.batch; r++) {
      out.set(x.subarray(r * a.len, (r + 1) * a.len), r * len);
      out.set(y.subarray(r * b.len, (r + 1) * b.len), r * len + a.len);
    }
    return out;
  };
  return { inputs: join(a.inputs, b.inputs), targets: join(a.targets, b.targets), batch: a.batch, len, start: a.start };
}
