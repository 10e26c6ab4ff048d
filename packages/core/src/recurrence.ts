/**
 * One layer's recurrence over all its steps as ONE differentiable op, on backends that have the
 * cell's fused step kernels (fused-step.ts). The forward runs the step kernels in a loop that records
 * nothing; the backward is a loop of its own that ends in one product for the hidden weight.
 *
 * Recorded step by step (sequence.ts's per-step path), autodiff runs for every step the cell's
 * gradient, two products (`dv_t = Wᵀ dq_t` and `dW_t = dq_t v_tᵀ`, the latter with a transpose of
 * `v_t`) and an Add that accumulates `dW` over the steps: 35 steps x 3 layers of `[w, batch] x
 * [batch, H]` products and `[w, H]` adds per window at the paper's sizes. Here, with `q_t` the
 * step's product and `v_t` its right operand:
 * ```
 * forward, per step   q_t = W v_t (+ b);  pre_t = a_t + q_t;  cell(pre_t) -> h_t (c_t)
 * backward, per step  cell gradient -> dq_t;  dv_t = Wᵀ dq_t;  dh_{t-1} = dv_t (+ dh from above)
 * backward, once      dW = [dq_1 … dq_T] [v_1 … v_T]ᵀ   ([w, T·batch] x [T·batch, H])
 * ```
 * Three forms (`mode`), all feature-major (`[rows, batch]` per step, steps stacked along rows):
 * - `'branch'` (RNN, LSTM): `v_t = h_{t-1}`, `pre_t = a_t + W v_t`, `a` the input branch with both biases;
 * - `'gru'`: `v_t = h_{t-1}`, `ah_t = W v_t + b`, the GRU cell reads `a_t` and `ah_t` apart;
 * - `'summed'` (RNN, LSTM at p = 0): `v_t = x_t + h_{t-1}`, `pre_t = W v_t + b` (`a` is `x`, zero-padded).
 *
 * The op's value is `[h_1; …; h_T]` (`[T·H, batch]`) with, for the LSTM, `c_T` appended (`[(T+1)·H, batch]`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { gruKernels } from './gru-cell';
import { GATE_COUNT, type CellType } from './layout';
import { lstmKernels } from './lstm-cell';
import { rnnKernels } from './rnn-cell';
import { splitRows } from './split-rows';

/** How a step combines its input rows `a_t` with the product `W v_t` (see the file's comment). */
export type RecurrenceMode = 'branch' | 'gru' | 'summed';

/** The static shape of one layer's recurrence. */
export interface RecurrenceDims {
  cell: CellType;
  mode: RecurrenceMode;
  /** Shared and private units (`H = s + p`). */
  s: number;
  p: number;
  steps: number;
}

/** The tensors of one layer's recurrence (feature-major). */
export interface RecurrenceInputs {
  /** `[T·w, batch]`: per step the input rows (`'summed'`: `x_t` padded to `H` rows, so `w = H`). */
  a: tf.Tensor2D;
  /** `[w, H]`: the hidden-branch rows (`'summed'`: the shared rows `S`, `[H, H]`). */
  w: tf.Tensor2D;
  /** `[w, 1]`: added to every step's product (`'gru'` and `'summed'`; `'branch'` folds it into `a`). */
  b?: tf.Tensor2D;
  /** `[H, batch]`: the initial state (`c0` for the LSTM only). */
  h0: tf.Tensor2D;
  c0?: tf.Tensor2D;
}

let enabled = true;

/**
 * Turns the whole-sequence op on (the default) or off; off, every step of a layer is recorded for
 * autodiff (sequence.ts). For measurements and for ruling the op out while debugging.
 */
export function setFusedRecurrence(on: boolean): void {
  enabled = on;
}

/** True when {@link recurrence} runs `cell` on the active backend: it is on and the cell's fused step kernels are there and on. */
export function fusedRecurrenceActive(cell: CellType): boolean {
  return enabled && kernelsOf(cell).active();
}

function kernelsOf(cell: CellType) {
  return cell === 'lstm' ? lstmKernels : cell === 'gru' ? gruKernels : rnnKernels;
}

/**
 * Runs the recurrence (see the file's comment), differentiable w.r.t. every input: returns
 * `[T·H, batch]`, or `[(T+1)·H, batch]` for the LSTM (`c_T` last). Callers check {@link fusedRecurrenceActive}.
 */
export function recurrence(d: RecurrenceDims, x: RecurrenceInputs): tf.Tensor2D {
  const lstm = d.cell === 'lstm';
  const hasBias = d.mode !== 'branch';
  if (hasBias && !x.b) throw new Error(`recurrence: mode '${d.mode}' needs the bias b`);
  if (lstm !== (x.c0 !== undefined)) throw new Error(`recurrence: c0 is for the LSTM (and it needs one), cell '${d.cell}'`);
  const inputs = [x.a, x.w, ...(hasBias ? [x.b as tf.Tensor2D] : []), x.h0, ...(lstm ? [x.c0 as tf.Tensor2D] : [])];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[inputs.length] as tf.GradSaveFunc;
    const [a, w, b, h0, c0] = unpack(args.slice(0, inputs.length) as tf.Tensor2D[], hasBias, lstm);
    const f = forward(d, a, w, b, h0, c0);
    save([a, w, h0, f.value, ...f.perStep]);
    return {
      value: f.value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sw, sh0, value, ...perStep] = saved as tf.Tensor2D[];
        const g = backward(d, dy as tf.Tensor2D, sa, sw, sh0, value, perStep);
        return [g.da, g.dw, ...(hasBias ? [g.db as tf.Tensor2D] : []), g.dh0, ...(lstm ? [g.dc0 as tf.Tensor2D] : [])];
      },
    };
  });
  return op(...inputs) as tf.Tensor2D;
}

function unpack(ts: tf.Tensor2D[], hasBias: boolean, lstm: boolean): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D | undefined, tf.Tensor2D, tf.Tensor2D | undefined] {
  const [a, w, ...rest] = ts;
  const b = hasBias ? rest.shift() : undefined;
  const h0 = rest.shift() as tf.Tensor2D;
  return [a, w, b, h0, lstm ? rest.shift() : undefined];
}

/** Rows per step of `a` (and of each `q_t`): `s + G·p` (the compact layout), `H` when summed. */
function rowsPerStep(d: RecurrenceDims): number {
  return d.s + GATE_COUNT[d.cell] * d.p;
}

/**
 * The forward loop. `perStep` is what the backward reads besides the inputs and the value: per step
 * the cell's `act` (not the RNN's: it is `h_t`), then (LSTM) `c_0 … c_{T-1}` or (GRU) every `ah_t`. Nothing here is recorded for autodiff.
 */
function forward(
  d: RecurrenceDims, a: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor2D | undefined, h0: tf.Tensor2D, c0: tf.Tensor2D | undefined,
): { value: tf.Tensor2D; perStep: tf.Tensor2D[] } {
  const H = d.s + d.p;
  const attrs = { s: d.s, p: d.p };
  const as = splitRows(a, Array.from({ length: d.steps }, () => rowsPerStep(d)));
  const hs: tf.Tensor2D[] = [];
  const acts: tf.Tensor2D[] = [];
  const extra: tf.Tensor2D[] = []; // LSTM: c_0 … c_{T-1}; GRU: ah_1 … ah_T
  let h = h0;
  let c = c0;
  for (let t = 0; t < d.steps; t++) {
    if (d.mode === 'gru') {
      const ah = tf.add(tf.matMul(w, h), b as tf.Tensor2D) as tf.Tensor2D;
      const [hNext, act] = gruKernels.forward([as[t], ah, h], attrs);
      extra.push(ah);
      acts.push(act);
      h = hNext;
    } else {
      const q = d.mode === 'summed' ? tf.add(tf.matMul(w, tf.add(as[t], h) as tf.Tensor2D), b as tf.Tensor2D) : tf.matMul(w, h);
      const pre = (d.mode === 'summed' ? q : tf.add(as[t], q)) as tf.Tensor2D;
      if (d.cell === 'lstm') {
        extra.push(c as tf.Tensor2D); // c_{t-1}
        const [hc, act] = lstmKernels.forward([pre, c as tf.Tensor2D], attrs);
        [h, c] = splitRows(hc, [H, H]);
        acts.push(act);
      } else {
        [h] = rnnKernels.forward([pre], {}); // its act is h_t itself: read back from the value
      }
    }
    hs.push(h);
  }
  const value = tf.concat(d.cell === 'lstm' ? [...hs, c as tf.Tensor2D] : hs, 0) as tf.Tensor2D;
  return { value, perStep: [...acts, ...extra] };
}

/** The backward loop and the one weight product; gradients in the inputs' shapes. */
function backward(
  d: RecurrenceDims, dy: tf.Tensor2D, a: tf.Tensor2D, w: tf.Tensor2D, h0: tf.Tensor2D, value: tf.Tensor2D, perStep: tf.Tensor2D[],
): { da: tf.Tensor2D; dw: tf.Tensor2D; db?: tf.Tensor2D; dh0: tf.Tensor2D; dc0?: tf.Tensor2D } {
  const T = d.steps;
  const H = d.s + d.p;
  const rows = rowsPerStep(d);
  const lstm = d.cell === 'lstm';
  const attrs = { s: d.s, p: d.p };
  const pieces = Array.from({ length: lstm ? T + 1 : T }, () => H);
  const dhs = splitRows(dy, pieces); // per step dL/dh_t from above (LSTM: then dL/dc_T)
  const hs = d.cell === 'lstm' ? [] : splitRows(value, pieces); // the RNN's act is h_t, the GRU reads h_{t-1}; the LSTM neither
  const acts = d.cell === 'rnn' ? hs : perStep.slice(0, T);
  const extra = perStep.slice(d.cell === 'rnn' ? 0 : T); // LSTM: c_0 … c_{T-1}; GRU: ah_1 … ah_T
  const hPrev = (t: number) => (t === 0 ? h0 : hs[t - 1]);
  const wT = tf.transpose(w);
  const dqs: tf.Tensor2D[] = new Array(T);
  const das: tf.Tensor2D[] = new Array(T); // 'gru': dL/da_t; 'summed': dL/dx_t
  let dh = dhs[T - 1];
  let dc = lstm ? dhs[T] : undefined;
  for (let t = T - 1; t >= 0; t--) {
    let dhPrev: tf.Tensor2D | undefined; // the cell's direct path to h_{t-1} (GRU)
    if (lstm) {
      [dqs[t], dc] = lstmKernels.backward(tf.concat([dh, dc as tf.Tensor2D], 0), [extra[t], acts[t]], attrs);
    } else if (d.cell === 'gru') {
      [das[t], dqs[t], dhPrev] = gruKernels.backward(dh, [extra[t], hPrev(t), acts[t]], attrs);
    } else {
      [dqs[t]] = rnnKernels.backward(dh, [acts[t]], {});
    }
    const dv = tf.matMul(wT, dqs[t]) as tf.Tensor2D;
    if (d.mode === 'summed') das[t] = dv;
    let next: tf.Tensor2D = dhPrev ? tf.add(dhPrev, dv) : dv;
    if (t > 0) next = tf.add(next, dhs[t - 1]);
    dh = next as tf.Tensor2D;
  }
  // dW = Σ_t dq_t v_tᵀ as one product: dq steps side by side [w, T·batch], v time-major [T·batch, H]
  const batch = dy.shape[1];
  const dq = tf.concat(dqs, 0);
  const dqWide = tf.reshape(tf.transpose(tf.reshape(dq, [T, rows, batch]), [1, 0, 2]), [rows, T * batch]) as tf.Tensor2D;
  let v = T === 1 ? h0 : tf.concat([h0, tf.slice(value, [0, 0], [(T - 1) * H, batch])], 0) as tf.Tensor2D; // h_0 … h_{T-1}
  if (d.mode === 'summed') v = tf.add(v, a);
  const vTall = tf.reshape(tf.transpose(tf.reshape(v, [T, H, batch]), [0, 2, 1]), [T * batch, H]) as tf.Tensor2D;
  return {
    da: d.mode === 'branch' ? (dq as tf.Tensor2D) : (tf.concat(das, 0) as tf.Tensor2D),
    dw: tf.matMul(dqWide, vTall),
    db: d.mode === 'branch' ? undefined : (tf.sum(dqWide, 1, true) as tf.Tensor2D),
    dh0: dh,
    dc0: dc,
  };
}
