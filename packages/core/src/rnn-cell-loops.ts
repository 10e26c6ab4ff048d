/**
 * The fused RNN step's activation (kernels `RrnnRnnCell` / `RrnnRnnCellGrad`, contract in
 * kernels.ts) as plain loops over flat arrays: core's `cpu` kernels, and what a backend may run on
 * its own memory for tensors too small for its vector code.
 */

/** `h[e] = tanh(pre[e])` for every element. */
export function rnnCellForward(pre: ArrayLike<number>, h: Float32Array): void {
  for (let e = 0; e < h.length; e++) h[e] = Math.tanh(pre[e]);
}

/** `dpre[e] = dh[e] (1 - h[e]^2)` for every element, `h` the forward's output. */
export function rnnCellBackward(dh: ArrayLike<number>, h: ArrayLike<number>, dpre: Float32Array): void {
  for (let e = 0; e < dpre.length; e++) dpre[e] = dh[e] * (1 - h[e] * h[e]);
}
