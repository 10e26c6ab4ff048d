import * as tf from '@tensorflow/tfjs-core';
import type { StackState } from '@rrnn/core';

/** Mark every tensor of a state as kept (survives the enclosing tidy). */
export function keepState(s: StackState): StackState {
  return { h: s.h.map((t) => tf.keep(t)), ...(s.c ? { c: s.c.map((t) => tf.keep(t)) } : {}) };
}

/** Every tensor of a state in one list: h of every layer, then c of every layer (LSTM). */
export function stateTensors(s: StackState): tf.Tensor2D[] {
  return [...s.h, ...(s.c ?? [])];
}

/** Inverse of {@link stateTensors} for a stack of `numLayers` layers. */
export function stateFromTensors(tensors: tf.Tensor2D[], numLayers: number): StackState {
  return tensors.length > numLayers ? { h: tensors.slice(0, numLayers), c: tensors.slice(numLayers) } : { h: tensors };
}

/** Dispose every tensor of a state. */
export function disposeState(s: StackState): void {
  for (const t of stateTensors(s)) t.dispose();
}

/** The state as named tensors (`h0`, `h1`, ..., `c0`, ...), e.g. to save it. */
export function stateToNamed(s: StackState, prefix = 'state/'): tf.NamedTensorMap {
  const named: tf.NamedTensorMap = {};
  s.h.forEach((t, l) => (named[`${prefix}h${l}`] = t));
  s.c?.forEach((t, l) => (named[`${prefix}c${l}`] = t));
  return named;
}

/** Inverse of {@link stateToNamed}: picks `numLayers` h (and c when `withCell`) tensors. */
export function stateFromNamed(named: tf.NamedTensorMap, numLayers: number, withCell: boolean, prefix = 'state/'): StackState {
  const pick = (k: string) => {
    const t = named[`${prefix}${k}`];
    if (!t) throw new Error(`training state: missing tensor "${prefix}${k}"; the checkpoint is incomplete`);
    return t as tf.Tensor2D;
  };
  const h = Array.from({ length: numLayers }, (_, l) => pick(`h${l}`));
  return withCell ? { h, c: Array.from({ length: numLayers }, (_, l) => pick(`c${l}`)) } : { h };
}
