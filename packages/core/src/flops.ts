/**
 * FLOPs per token of a stack's forward pass (2 per multiply-add; biases and activations not counted).
 *
 * - `fast` (this package): the shared rows are computed once and reused by every gate, so a layer
 *   costs `2 * (s + G*p) * (I + H)`; a fully shared RNN or LSTM layer with `I <= H` runs both
 *   branches as one product `S (x + h)` ({@link sumsBranches}): `2 * H * H`.
 * - `naive` (the reference, and a classic cell): every gate of every branch is a full `H`-row matrix,
 *   `2 * G * H * (I + H)`, whatever the sharing rate.
 *
 * At r = 0 both agree; at r = 1 the fast path is G times cheaper, 2G times when `I = H` (not the GRU).
 */
import { sumsBranches } from './layout';
import type { StackSpec } from './params';
import { stackLayouts } from './params';

/** Forward FLOPs per token: `{ fast, naive }`. */
export function flopsPerToken(spec: StackSpec): { fast: number; naive: number } {
  let fast = 0;
  let naive = 0;
  for (const l of stackLayouts(spec)) {
    const io = l.inputSize + l.hiddenSize;
    fast += sumsBranches(l) ? 2 * l.hiddenSize * l.hiddenSize : 2 * (l.sharedUnits + l.gates * l.privateUnits) * io;
    naive += 2 * l.gates * l.hiddenSize * io;
  }
  return { fast, naive };
}
