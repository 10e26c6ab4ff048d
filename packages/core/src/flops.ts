/**
 * FLOPs per token of a stack's forward pass (2 per multiply-add; biases and activations not counted).
 *
 * - `fast` (this package): the shared rows are computed once and reused by every gate and both
 *   branches, so a layer costs `2 * (s + G*p) * (I + H)`.
 * - `naive` (the reference, and a classic cell): every gate of every branch is a full `H`-row matrix,
 *   `2 * G * H * (I + H)`, whatever the sharing rate.
 *
 * At r = 0 both agree; at r = 1 the fast path is G times cheaper.
 */
import type { StackSpec } from './params';
import { stackLayouts } from './params';

/** Forward FLOPs per token: `{ fast, naive }`. */
export function flopsPerToken(spec: StackSpec): { fast: number; naive: number } {
  let fast = 0;
  let naive = 0;
  for (const l of stackLayouts(spec)) {
    const io = l.inputSize + l.hiddenSize;
    fast += 2 * (l.sharedUnits + l.gates * l.privateUnits) * io;
    naive += 2 * l.gates * l.hiddenSize * io;
  }
  return { fast, naive };
}
