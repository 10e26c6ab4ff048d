/**
 * One parameter's SGD step with momentum (kernel `RrnnSgdMomentum`, contract in kernels.ts) as a plain
 * loop over flat arrays: what a backend may run on its own memory for tensors too small for its vector
 * code, and the reference its vector code is tested against. Every product and sum is rounded to
 * float32 (`Math.fround`), as tfjs's float32 ops round each of theirs.
 */
import type { SgdMomentumAttrs } from './kernels';

const f = Math.fround;

/** `pOut`, `vOut` from `p`, `v`, `g` and the clipping scale: see {@link SgdMomentumAttrs} for the order of the operations. */
export function sgdMomentumStep(p: ArrayLike<number>, v: ArrayLike<number>, g: ArrayLike<number>, scale: number, a: SgdMomentumAttrs, pOut: Float32Array, vOut: Float32Array): void {
  const [s, lr, mu, wd] = [f(scale), f(a.lr), f(a.momentum), f(a.weightDecay)];
  for (let e = 0; e < pOut.length; e++) {
    const gs = f(g[e] * s);
    const d = wd !== 0 ? f(gs + f(p[e] * wd)) : gs;
    const vn = f(f(v[e] * mu) + d);
    const step = a.nesterov ? f(d + f(vn * mu)) : vn;
    vOut[e] = vn;
    pOut[e] = f(p[e] - f(step * lr));
  }
}
