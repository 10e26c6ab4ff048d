/**
 * The dropout mask of kernel `RrnnDropoutMask` (contract in kernels.ts) as a plain loop: what a
 * backend may run on its own memory, and the reference its other code is tested against.
 *
 * `tf.dropout(x, rate, undefined, seed)` draws `u_i = tf.randomUniform(x.shape, 0, 1, 'float32', seed)`
 * from seedrandom's Alea generator, seeded with `String(seed)`, and multiplies `x` by
 * `floor(u + keep) / keep` (`keep = 1 - rate`, all float32). Alea's arithmetic is exact in doubles:
 * each state `s` is a multiple of 2^-32 in [0, 1), so with integers `S = s·2^32` one step is the
 * multiply-with-carry `X = 2091639·S_{i-3} + c_{i-1}`, `S_i = X mod 2^32`, `c_i = ⌊X / 2^32⌋`
 * (`X < 2^53`), and `u_i = f32(S_i·2^-32)`. Written with integers, a backend can run it in 64-bit
 * integer code and give the same bits as tfjs's own draws.
 */

/** Alea's state after seeding: the three lags as integers `S = s·2^32` in [0, 2^32), and the carry `c`. */
export interface AleaState {
  s0: number;
  s1: number;
  s2: number;
  c: number;
}

const TWO_32 = 4294967296;

/** Alea's state for `seed` (seedrandom's `alea(seed)`, its Mash hash of the string), before its first draw. */
export function aleaState(seed: string): AleaState {
  let n = 0xefc8249d;
  const mash = (data: string): number => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * TWO_32;
    }
    return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
  };
  const lags = [mash(' '), mash(' '), mash(' ')];
  const [s0, s1, s2] = lags.map((s) => {
    const v = s - mash(seed);
    return (v < 0 ? v + 1 : v) * TWO_32;
  });
  return { s0, s1, s2, c: 1 };
}

/**
 * Fills `out` with the mask: element i is `f32(1 / keep)` where `f32(u_i) + keep >= 1` in float32
 * (`floor(u_i + keep) = 1`), else 0. `keep` must be a float32 value in (0, 1].
 */
export function dropoutMaskFill(out: Float32Array, state: AleaState, keep: number): void {
  const scale = Math.fround(1 / keep);
  let { s0, s1, s2, c } = state;
  for (let i = 0; i < out.length; i++) {
    const x = 2091639 * s0 + c;
    s0 = s1;
    s1 = s2;
    c = Math.floor(x / TWO_32);
    s2 = x - c * TWO_32;
    out[i] = Math.fround(Math.fround(s2 / TWO_32) + keep) >= 1 ? scale : 0;
  }
}
