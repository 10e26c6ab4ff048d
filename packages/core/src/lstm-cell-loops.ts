/**
 * The fused LSTM step (kernels `RrnnLstmCell` / `RrnnLstmCellGrad`, contract in kernels.ts) as plain
 * loops over Float32Arrays: the reference the wasm SIMD module (@rrnn/backend's lstm_cell.wat)
 * follows line by line, and the `cpu` backend's implementation.
 *
 * Every tensor is unit-major `[rows, b]`, so a block of rows is one contiguous run of elements:
 * with `n1 = s·b` and `n2 = p·b`, the shared part of every array is elements `[0, n1)` and gate k's
 * private part of `pre` (and of `act`, `dpre`) is one run of `n2` elements. The loops therefore run
 * over flat element indices, not rows.
 */

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Offsets (in elements) of the pieces of `act` (see kernels.ts): shared sigmoid, shared tanh, private gate k, tanh(cNext). */
export function actOffsets(n1: number, n2: number): { sg: number; tg: number; gate: (k: number) => number; tc: number } {
  return { sg: 0, tg: n1, gate: (k) => 2 * n1 + k * n2, tc: 2 * n1 + 4 * n2 };
}

/**
 * Forward: from `pre` `[s + 4p, b]` and `c` `[H, b]` writes `h`, `cn` (`[H, b]`) and `act`
 * (`[2s + 4p + H, b]`). `n1 = s·b`, `n2 = p·b`.
 */
export function lstmCellForward(
  pre: Float32Array, c: Float32Array, n1: number, n2: number, h: Float32Array, cn: Float32Array, act: Float32Array,
): void {
  const a = actOffsets(n1, n2);
  for (let e = 0; e < n1; e++) {
    const sg = sigmoid(pre[e]);
    const tg = Math.tanh(pre[e]);
    const cNext = sg * c[e] + sg * tg;
    const tc = Math.tanh(cNext);
    cn[e] = cNext;
    h[e] = sg * tc;
    act[a.sg + e] = sg;
    act[a.tg + e] = tg;
    act[a.tc + e] = tc;
  }
  for (let e = 0; e < n2; e++) {
    const u = n1 + e; // the unit's element in c, h, cn
    const i = sigmoid(pre[n1 + e]);
    const f = sigmoid(pre[n1 + n2 + e]);
    const g = Math.tanh(pre[n1 + 2 * n2 + e]);
    const o = sigmoid(pre[n1 + 3 * n2 + e]);
    const cNext = f * c[u] + i * g;
    const tc = Math.tanh(cNext);
    cn[u] = cNext;
    h[u] = o * tc;
    act[a.gate(0) + e] = i;
    act[a.gate(1) + e] = f;
    act[a.gate(2) + e] = g;
    act[a.gate(3) + e] = o;
    act[a.tc + u] = tc;
  }
}

/**
 * Backward: from the upstream `dh`, `dcn` (`[H, b]`), the previous `c` and the forward's `act`
 * writes `dpre` `[s + 4p, b]` (shared rows: the sum over the four gates) and `dc` `[H, b]`.
 */
export function lstmCellBackward(
  dh: Float32Array, dcn: Float32Array, c: Float32Array, act: Float32Array, n1: number, n2: number, dpre: Float32Array, dc: Float32Array,
): void {
  const a = actOffsets(n1, n2);
  for (let e = 0; e < n1; e++) {
    const sg = act[a.sg + e];
    const tg = act[a.tg + e];
    const tc = act[a.tc + e];
    const dct = dcn[e] + dh[e] * sg * (1 - tc * tc); // dL/dcNext in all
    // i = f = o = sg: their gradients dct·g, dct·c and dh·tanh(cNext) meet in one sigmoid
    const dsg = dh[e] * tc + dct * (tg + c[e]);
    dpre[e] = dsg * sg * (1 - sg) + dct * sg * (1 - tg * tg);
    dc[e] = dct * sg;
  }
  for (let e = 0; e < n2; e++) {
    const u = n1 + e;
    const i = act[a.gate(0) + e];
    const f = act[a.gate(1) + e];
    const g = act[a.gate(2) + e];
    const o = act[a.gate(3) + e];
    const tc = act[a.tc + u];
    const dct = dcn[u] + dh[u] * o * (1 - tc * tc);
    dpre[n1 + e] = dct * g * i * (1 - i);
    dpre[n1 + n2 + e] = dct * c[u] * f * (1 - f);
    dpre[n1 + 2 * n2 + e] = dct * i * (1 - g * g);
    dpre[n1 + 3 * n2 + e] = dh[u] * tc * o * (1 - o);
    dc[u] = dct * f;
  }
}
