// Times stackForward (forward, and forward + backward) on the cpu and wasm backends.
// Usage: pnpm exec tsx bench/forward.ts [cpu|wasm] [batch] [steps] [hidden] [layers]
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers gradients on tfjs-core
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import { disposeStackWeights, flopsPerToken, initStackWeights, stackForward, stackSpec, type CellType } from '../src';
import { stackForwardBatchMajor } from './batch-major';
import { naiveForward } from '../test/naive';

const [backend = 'cpu', B = '20', T = '35', H = '200', L = '2'] = process.argv.slice(2);
const batch = +B, steps = +T, hidden = +H, layers = +L;

async function main() {
  if (backend === 'wasm') {
    // the wasm backend is a dependency of @rrnn/backend; loaded from there for this benchmark only
    const req = createRequire(new URL('../../backend/package.json', import.meta.url));
    req('@tensorflow/tfjs-backend-wasm');
  }
  await tf.setBackend(backend);
  await tf.ready();
  const cells = (process.env.CELLS ?? 'rnn,gru,lstm').split(',') as CellType[];
  const rates = (process.env.RATES ?? '0,0.5,1').split(',').map(Number);
  console.log(`backend ${tf.getBackend()} batch ${batch} steps ${steps} hidden ${hidden} layers ${layers}`);
  for (const cell of cells) {
    for (const r of rates) {
      const spec = stackSpec({ cell, inputSize: hidden, hiddenSize: hidden, numLayers: layers, sharingRates: r });
      const w = initStackWeights(spec, { seed: 1 });
      const x = tf.randomNormal([batch, steps, hidden], 0, 1, 'float32', 2) as tf.Tensor3D;
      const vars = w.layers.flatMap((l) => [l.pool, l.bias]);
      // A/B: the shipped feature-major path vs the first batch-major one (and NAIVE=1: the tests' gather-based
      // reference path), interleaved, best of N
      const impls: Record<string, typeof stackForward> = { feature: stackForward, batch: stackForwardBatchMajor };
      if (process.env.NAIVE) impls.naive = (ww, xx) => naiveForward(ww, xx);
      const best: Record<string, { f: number; b: number }> = {};
      const reps = +(process.env.REPS ?? 2);
      for (let rep = 0; rep <= reps; rep++) {
        for (const [name, fwdImpl] of Object.entries(impls)) {
          const t0 = performance.now();
          tf.tidy(() => { fwdImpl(w, x).outputs.dataSync(); });
          const t1 = performance.now();
          if (!process.env.FWD_ONLY) tf.tidy(() => {
            const { grads } = tf.variableGrads(() => tf.mean(fwdImpl(w, x).outputs) as tf.Scalar, vars);
            grads[vars[0].name].dataSync();
          });
          const t2 = performance.now();
          if (rep === 0) continue; // warm-up
          const e = best[name] ?? { f: Infinity, b: Infinity };
          best[name] = { f: Math.min(e.f, t1 - t0), b: Math.min(e.b, t2 - t1) };
        }
      }
      const fl = flopsPerToken(spec);
      for (const [name, e] of Object.entries(best)) {
        const train = process.env.FWD_ONLY ? '' : `  fwd+bwd ${e.b.toFixed(1).padStart(7)} ms  train tok/s ${Math.round((batch * steps) / (e.b / 1000))}`;
        console.log(`${cell.padEnd(4)} r=${r.toFixed(2)} ${name.padEnd(7)} fwd ${e.f.toFixed(1).padStart(7)} ms${train}  flops/token fast ${fl.fast} naive ${fl.naive}`);
      }
      tf.dispose(x);
      disposeStackWeights(w);
    }
  }
}
main();
