// A tiny LSTM language model in raw tfjs ops, and one training step of it, to
// run the same numbers through two backends. Weights come in and go out as
// plain Float32Arrays, so the tensors are made on whichever backend is active.
import * as tf from '@tensorflow/tfjs-core';

export const SIZES = { vocab: 50, embed: 16, hidden: 16, steps: 5, batch: 4 } as const;
const { vocab: V, embed: E, hidden: H, steps: T, batch: B } = SIZES;

export type Params = Record<'embedding' | 'wx' | 'wh' | 'bias' | 'decoder' | 'decoderBias', Float32Array>;
export const PARAM_SHAPES: Record<keyof Params, number[]> = {
  embedding: [V, E], wx: [4 * H, E], wh: [H, 4 * H], bias: [4 * H], decoder: [H, V], decoderBias: [V],
};

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function initParams(seed: number, scale = 0.3): Params {
  const r = rng(seed);
  const make = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (r() * 2 - 1) * scale);
  return Object.fromEntries(Object.entries(PARAM_SHAPES).map(([k, s]) => [k, make(s)])) as Params;
}

export function randomTokens(seed: number): { inputs: Int32Array; targets: Int32Array } {
  const r = rng(seed);
  const ids = Int32Array.from({ length: B * (T + 1) }, () => Math.floor(r() * V));
  const inputs = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      inputs[b * T + t] = ids[b * (T + 1) + t];
      targets[b * T + t] = ids[b * (T + 1) + t + 1];
    }
  }
  return { inputs, targets };
}

type Vars = Record<keyof Params, tf.Variable>;

/** Mean next-token loss: 'onehot' = tf.losses.softmaxCrossEntropy, 'gather' = -mean logSoftmax picked by tf.gather. */
function lossOf(v: Vars, inputs: tf.Tensor2D, targets: tf.Tensor1D, kind: 'onehot' | 'gather'): tf.Scalar {
  const x = tf.gather(v.embedding, inputs); // [B, T, E]
  let h: tf.Tensor2D = tf.zeros([B, H]);
  let c: tf.Tensor2D = tf.zeros([B, H]);
  const hs: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    const xt = tf.reshape(tf.slice(x, [0, t, 0], [B, 1, E]), [B, E]) as tf.Tensor2D;
    // x W_xᵀ + b through tf.fused.matMul, as @rrnn/core's stack does (transposeB + bias).
    const gates = tf.add(tf.fused.matMul({ a: xt, b: v.wx, transposeB: true, bias: v.bias }), tf.matMul(h, v.wh)); // [B, 4H]
    const [i, f, g, o] = tf.split(gates, 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    h = tf.mul(tf.sigmoid(o), tf.tanh(c));
    hs.push(h);
  }
  const flat = tf.reshape(tf.stack(hs, 1), [B * T, H]) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(flat, v.decoder), v.decoderBias) as tf.Tensor2D; // [B*T, V]
  if (kind === 'onehot') return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, V), logits) as tf.Scalar;
  const picked = tf.add(tf.mul(tf.range(0, B * T, 1, 'int32'), tf.scalar(V, 'int32')), targets);
  return tf.neg(tf.mean(tf.gather(tf.reshape(tf.logSoftmax(logits), [-1]), picked))) as tf.Scalar;
}

/** Scale gradients so their global L2 norm is at most `maxNorm` (PyTorch clip_grad_norm_). */
function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): tf.Tensor[] {
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
  const scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), tf.add(norm, tf.scalar(1e-6))));
  return grads.map((g) => tf.mul(g, scale));
}

export interface StepResult { loss: number; grads: Params; params: Params }

const NAMES = Object.keys(PARAM_SHAPES) as (keyof Params)[];
const read = (ts: tf.Tensor[]) => Object.fromEntries(NAMES.map((k, j) => [k, ts[j].dataSync() as Float32Array])) as Params;

/**
 * A trainer holding variables on the active backend: `sgd()` does loss, grads,
 * clip to 0.25, w -= lr * (g + wd * w); `adam()` does the same then an Adam update.
 */
export function makeTrainer(init: Params, data: { inputs: Int32Array; targets: Int32Array }) {
  const vars = Object.fromEntries(NAMES.map((k) => [k, tf.variable(tf.tensor(init[k], PARAM_SHAPES[k]), true)])) as Vars;
  const list = NAMES.map((k) => vars[k]);
  const inputs = tf.tensor2d(data.inputs, [B, T], 'int32');
  const targets = tf.tensor1d(data.targets, 'int32');
  const adam = tf.train.adam(0.01);

  function gradsOf(kind: 'onehot' | 'gather'): { loss: tf.Scalar; grads: tf.Tensor[] } {
    const { value, grads } = tf.variableGrads(() => lossOf(vars, inputs, targets, kind), list);
    return { loss: value, grads: NAMES.map((k) => grads[vars[k].name]) };
  }

  function sgd(lr = 1, weightDecay = 1e-6): StepResult {
    return tf.tidy(() => {
      const { loss, grads } = gradsOf('onehot');
      const clipped = clipByGlobalNorm(grads, 0.25);
      list.forEach((w, j) => w.assign(tf.sub(w, tf.mul(tf.scalar(lr), tf.add(clipped[j], tf.mul(tf.scalar(weightDecay), w))))));
      return { loss: loss.dataSync()[0], grads: read(grads), params: read(list) };
    });
  }

  function adamStep(): StepResult {
    return tf.tidy(() => {
      const { loss, grads } = gradsOf('gather');
      const clipped = clipByGlobalNorm(grads, 0.25);
      adam.applyGradients(list.map((w, j) => ({ name: w.name, tensor: clipped[j] })));
      return { loss: loss.dataSync()[0], grads: read(grads), params: read(list) };
    });
  }

  function dispose(): void {
    tf.dispose([...list, inputs, targets]);
    adam.dispose();
  }
  return { sgd, adam: adamStep, dispose };
}

/** Largest absolute difference between two sets of parameters (or gradients). */
export function maxAbsDiff(a: Params, b: Params): number {
  let worst = 0;
  for (const k of NAMES) {
    expectSameLength(a[k], b[k], k);
    for (let i = 0; i < a[k].length; i++) worst = Math.max(worst, Math.abs(a[k][i] - b[k][i]));
  }
  return worst;
}

function expectSameLength(a: Float32Array, b: Float32Array, name: string): void {
  if (a.length !== b.length) throw new Error(`${name}: ${a.length} vs ${b.length} values`);
}
