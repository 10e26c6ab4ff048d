import * as tf from '@tensorflow/tfjs-core';
import type { StackState } from '@rrnn/core';
import type { LanguageModel } from '../model';
import type { OptimizerState } from '../optimizer';
import { disposeState, stateFromTensors, stateTensors } from '../state';
import { trainStep, updateFromGradients, windowGradients, type StepOptions, type TokenWindow } from '../step';
import type { GradientPeer, ShardReply } from './protocol';
import { settle } from './settle';
import { matrixRows, shardRows, shardSeed, windowRows, type RowRange } from './shards';
import { arraysOf, readInto } from './transport';

/** Each model's weights as the peers get them: arrays kept from step to step (shared memory where there is some). */
const weightArrays = new WeakMap<LanguageModel, Float32Array[]>();

/** The current values of `params` in `m`'s arrays; the peers have read them by the time the step returns. */
function weightsOf(m: LanguageModel, params: tf.Variable[]): Float32Array[] {
  const arrays = arraysOf(params.map((p) => p.size), weightArrays.get(m));
  weightArrays.set(m, arrays);
  params.forEach((p, i) => readInto(p, arrays[i]));
  return arrays;
}

/**
 * One data-parallel training step: the window's streams are split into
 * `peers.length + 1` shards; this thread computes the gradients of the first
 * while every peer (a worker thread with a model replica) computes one other
 * from the same weights. Each shard's loss is scaled by its share of the
 * tokens, so the shards' gradients add up to the gradient of the whole window's
 * mean loss; clipping and the optimizer update then run here, once, exactly as in
 * {@link trainStep}. Without dropout the step equals `trainStep` up to float
 * rounding; with dropout each shard draws its own masks.
 */
export async function trainStepParallel(
  m: LanguageModel,
  params: Record<string, tf.Variable>,
  opt: OptimizerState,
  w: TokenWindow,
  state: StackState,
  o: StepOptions,
  peers: GradientPeer[],
): Promise<{ loss: number; state: StackState }> {
  const ranges = shardRows(w.batch, peers.length + 1);
  if (ranges.length === 1) return trainStep(m, params, opt, w, state, o);
  const names = Object.keys(params);
  const carried = stateTensors(state);
  const widths = carried.map((t) => t.shape[1]);
  const carriedValues = carried.map((t) => t.dataSync() as Float32Array);
  const weights = weightsOf(m, names.map((n) => params[n]));
  const copy = (x: TokenWindow): TokenWindow => ({ ...x, inputs: x.inputs.slice(), targets: x.targets.slice() });
  // each shard's loss is scaled by its share of the window, so the window's loss and gradients are plain sums
  const share = ranges.map((r) => (r.end - r.start) / w.batch);
  const pending = ranges.slice(1).map((r, i) =>
    peers[i].compute({
      weights, window: copy(windowRows(w, r)), state: carriedValues.map((v, j) => matrixRows(v, widths[j], r)), seed: shardSeed(o.seed, i + 1), lossScale: share[i + 1],
    }),
  );
  // this thread's shard runs while the peers work on theirs
  let local: { loss: tf.Scalar; grads: tf.NamedTensorMap; state: StackState } | undefined;
  let replies: ShardReply[];
  try {
    tf.tidy(() => {
      const g = windowGradients(m, params, windowRows(w, ranges[0]), sliceState(state, ranges[0]), o.seed, share[0]);
      local = { loss: tf.keep(g.loss), grads: Object.fromEntries(Object.entries(g.grads).map(([k, t]) => [k, tf.keep(t)])), state: g.state };
    });
  } finally {
    replies = await settle(pending, () => local && disposeLocal(local));
  }
  const l = local as NonNullable<typeof local>;
  let next: StackState | undefined;
  try {
    const loss = tf.tidy(() => {
      const loss = l.loss.dataSync()[0] + replies.reduce((s, rep) => s + rep.loss, 0);
      const grads: tf.NamedTensorMap = {};
      names.forEach((n, j) => {
        const parts = replies.map((rep) => tf.tensor(rep.grads[j], params[n].shape));
        grads[n] = parts.length === 1 ? tf.add(l.grads[n], parts[0]) : tf.addN([l.grads[n], ...parts]);
      });
      updateFromGradients(opt, params, grads, loss, o);
      const joined = stateTensors(l.state).map((t, j) =>
        tf.keep(tf.concat([t, ...replies.map((rep, i) => tf.tensor2d(rep.state[j], [ranges[i + 1].end - ranges[i + 1].start, widths[j]]))], 0) as tf.Tensor2D),
      );
      next = stateFromTensors(joined, state.h.length);
      return loss;
    });
    return { loss, state: next as StackState };
  } finally {
    disposeLocal(l);
  }
}

/** Rows of every state tensor (inside the caller's tidy). */
function sliceState(s: StackState, r: RowRange): StackState {
  const rows = (t: tf.Tensor2D) => tf.slice(t, [r.start, 0], [r.end - r.start, t.shape[1]]);
  return { h: s.h.map(rows), ...(s.c ? { c: s.c.map(rows) } : {}) };
}

function disposeLocal(l: { loss: tf.Scalar; grads: tf.NamedTensorMap; state: StackState }): void {
  l.loss.dispose();
  for (const t of Object.values(l.grads)) t.dispose();
  disposeState(l.state);
}
