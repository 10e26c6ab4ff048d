/**
 * Core's fused RNN step kernels (`RrnnRnnCell`: h = tanh(pre); `RrnnRnnCellGrad`: dpre = dh (1 - h^2);
 * contract in `@rrnn/core`'s kernels.ts) for the wasm backend, in lstm_cell.wat's module (whose
 * tanh they share), working in tfjs-backend-wasm's own memory: no tensor is copied.
 *
 * Stock wasm runs tanh element by element in scalar code, and its gradient as three more kernels
 * (square, subtract, multiply), each with an allocation and a dispatch, 35 steps x 3 layers per
 * window of the paper's model. Tensors of fewer than four elements (toy sizes) run core's plain
 * loops on the same memory. Values equal tf.tanh's within float32 rounding (test/rnn-cell.test.ts).
 */
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { RNN_CELL, RNN_CELL_GRAD, checkRnnCellInputs, rnnCellBackward, rnnCellForward } from '@rrnn/core/kernels';
import { LSTM_CELL_MODULE } from './lstm_cell';
import { offsetOf, tooShortForSimd, wasmExports } from './wasm_module';

interface Exports {
  rnn_fwd(pre: number, h: number, n: number): void;
  rnn_bwd(dh: number, h: number, dpre: number, n: number): void;
}

type Args = { inputs: NamedTensorInfoMap; backend: BackendWasm };

function rnnCell({ inputs, backend }: Args): TensorInfo[] {
  const { pre } = inputs as { pre: TensorInfo };
  const n = checkRnnCellInputs(RNN_CELL, { pre });
  const h = backend.makeOutput(pre.shape, 'float32'); // allocate first: offsets and views are taken after
  if (!tooShortForSimd(n)) wasmExports<Exports>(backend, LSTM_CELL_MODULE).rnn_fwd(offsetOf(backend, pre), offsetOf(backend, h), n);
  else rnnCellForward(backend.typedArrayFromHeap(pre) as Float32Array, backend.typedArrayFromHeap(h) as Float32Array);
  return [h];
}

function rnnCellGrad({ inputs, backend }: Args): TensorInfo[] {
  const { dh, act } = inputs as { dh: TensorInfo; act: TensorInfo };
  const n = checkRnnCellInputs(RNN_CELL_GRAD, { dh, act });
  const dpre = backend.makeOutput(dh.shape, 'float32');
  if (!tooShortForSimd(n)) wasmExports<Exports>(backend, LSTM_CELL_MODULE).rnn_bwd(offsetOf(backend, dh), offsetOf(backend, act), offsetOf(backend, dpre), n);
  else {
    const v = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    rnnCellBackward(v(dh), v(act), v(dpre));
  }
  return [dpre];
}

/** Kernel configs for the wasm backend. */
export const rnnCellConfigs: KernelConfig[] = [
  { kernelName: RNN_CELL, backendName: 'wasm', kernelFunc: rnnCell as unknown as KernelFunc },
  { kernelName: RNN_CELL_GRAD, backendName: 'wasm', kernelFunc: rnnCellGrad as unknown as KernelFunc },
];
