/**
 * The backend's raw fp32 matrix-product rate for given shapes: `[m, k] · [k, n]` costs `2*m*k*n` FLOPs.
 * This is the practical ceiling a training step can approach (its products are of these shapes).
 */
import * as tf from '@tensorflow/tfjs-core';
import { bestSeconds, type TimingOptions } from './timing';

/** One product shape `[m, k] · [k, n]`. */
export interface MatMulShape { m: number; k: number; n: number }

/** GFLOP/s of one shape, best of `reps` after `warmup`. */
export interface MatMulRate extends MatMulShape { gflops: number }

/** The product shapes of a training step of the paper's model (batch B, bptt T, hidden H, gates G, vocab V). */
export function modelMatMulShapes(o: { batch: number; steps: number; hidden: number; gates: number; vocab?: number }): MatMulShape[] {
  const rows = o.batch * o.steps;
  const shapes: MatMulShape[] = [
    { m: rows, k: o.hidden, n: o.gates * o.hidden }, // input branch of every step at once
    { m: o.gates * o.hidden, k: o.hidden, n: o.batch }, // one step's hidden product, feature-major
  ];
  if (o.vocab) shapes.push({ m: rows, k: o.hidden, n: o.vocab }); // decoder
  return shapes;
}

/**
 * Times `tf.matMul` (no transpose flags) on each shape; inputs random. Each timed run ends by reading
 * back one number that depends on its last product (its sum), which waits for a GPU backend to finish;
 * reading the whole product instead (`dataSync`) copied it out of the wasm heap, and for the
 * [2800, 10000] decoder shape that copy took as long as the product: the probe measured 17 GFLOP/s
 * where the products ran at 36.
 */
export async function matMulRates(shapes: MatMulShape[], o: TimingOptions = {}): Promise<MatMulRate[]> {
  const out: MatMulRate[] = [];
  for (const s of shapes) {
    const a = tf.randomUniform([s.m, s.k], -1, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomUniform([s.k, s.n], -1, 1, 'float32', 2) as tf.Tensor2D;
    // several products per timed run so that small shapes are not all call overhead
    const inner = Math.max(1, Math.min(50, Math.round(2e8 / (2 * s.m * s.k * s.n))));
    const sec = await bestSeconds(() => {
      for (let i = 0; i < inner; i++) {
        const c = tf.matMul(a, b);
        if (i === inner - 1) tf.tidy(() => tf.sum(c).dataSync());
        c.dispose();
      }
    }, o);
    tf.dispose([a, b]);
    out.push({ ...s, gflops: (inner * 2 * s.m * s.k * s.n) / sec / 1e9 });
  }
  return out;
}
