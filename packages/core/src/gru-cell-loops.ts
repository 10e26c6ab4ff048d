/**
 * The fused GRU step (kernels `RrnnGruCell` / `RrnnGruCellGrad`, contract in kernels.ts) as plain
 * loops over Float32Arrays: the reference the wasm SIMD module (@rrnn/backend's gru_cell.wat)
 * follows, and the `cpu` backend's implementation.
 *
 * Every tensor is unit-major `[rows, b]`, so with `n1 = s·b` and `n2 = p·b` the shared part of
 * `ax`, `ah`, `h` and `act` is elements `[0, n1)` and gate k's private block of `ax`/`ah` is the run
 * `[n1 + k·n2, n1 + (k+1)·n2)`. `act` is `[sig shared (n1) | r (n2) | z (n2) | n (n1 + n2)]`: its
 * first `n1 + 2·n2` elements are the sigmoid of the first `n1 + 2·n2` elements of `ax + ah`.
 */

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Offset (in elements) of `n` in `act`; `r` private is at `n1`, `z` private at `n1 + n2`. */
export const gruNOffset = (n1: number, n2: number): number => n1 + 2 * n2;

/**
 * Forward: from `ax`, `ah` `[s + 3p, b]` and `h` `[H, b]` writes `hn` `[H, b]` and `act`
 * `[s + 2p + H, b]`. `n1 = s·b`, `n2 = p·b`.
 */
export function gruCellForward(
  ax: Float32Array, ah: Float32Array, h: Float32Array, n1: number, n2: number, hn: Float32Array, act: Float32Array,
): void {
  const no = gruNOffset(n1, n2);
  for (let e = 0; e < n1; e++) {
    const g = sigmoid(ax[e] + ah[e]); // r = z
    const n = Math.tanh(ax[e] + g * ah[e]);
    hn[e] = n + g * (h[e] - n);
    act[e] = g;
    act[no + e] = n;
  }
  for (let e = 0; e < n2; e++) {
    const u = n1 + e; // the unit's element in h, hn
    const r = sigmoid(ax[u] + ah[u]);
    const z = sigmoid(ax[u + n2] + ah[u + n2]);
    const n = Math.tanh(ax[u + 2 * n2] + r * ah[u + 2 * n2]);
    hn[u] = n + z * (h[u] - n);
    act[u] = r;
    act[u + n2] = z;
    act[no + u] = n;
  }
}

/**
 * Backward: from the upstream `dh` `[H, b]`, `ah`, the previous `h` and the forward's `act` writes
 * `dax`, `dah` `[s + 3p, b]` (shared rows: the sum over the three gates) and `dhp` `[H, b]`.
 */
export function gruCellBackward(
  dh: Float32Array, ah: Float32Array, h: Float32Array, act: Float32Array, n1: number, n2: number,
  dax: Float32Array, dah: Float32Array, dhp: Float32Array,
): void {
  const no = gruNOffset(n1, n2);
  for (let e = 0; e < n1; e++) {
    const g = act[e];
    const n = act[no + e];
    const dn = dh[e] * (1 - g) * (1 - n * n); // d/d(ax_n + r·ah_n)
    // r = z = g: dz = dh (h - n) and dr = dn ah meet in one sigmoid
    const dg = (dh[e] * (h[e] - n) + dn * ah[e]) * g * (1 - g);
    dax[e] = dg + dn;
    dah[e] = dg + dn * g;
    dhp[e] = dh[e] * g;
  }
  for (let e = 0; e < n2; e++) {
    const u = n1 + e;
    const r = act[u];
    const z = act[u + n2];
    const n = act[no + u];
    const dn = dh[u] * (1 - z) * (1 - n * n);
    const dr = dn * ah[u + 2 * n2] * r * (1 - r);
    const dz = dh[u] * (h[u] - n) * z * (1 - z);
    dax[u] = dr;
    dah[u] = dr;
    dax[u + n2] = dz;
    dah[u + n2] = dz;
    dax[u + 2 * n2] = dn;
    dah[u + 2 * n2] = dn * r;
    dhp[u] = dh[u] * z;
  }
}
