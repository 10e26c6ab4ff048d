/**
 * WebGPU specifics, found running tfjs-backend-webgpu 4.22 in headless Chromium
 * (SwiftShader adapter). Browser-safe.
 *
 * - Synchronous reads (`dataSync`, `arraySync`) of data on the GPU go through
 *   a canvas round trip in tfjs (WebGPU itself can only read asynchronously).
 *   There it returned zeros (a training loss of 0.00) and then broke the
 *   device: every later upload failed with "createBuffer failed, size (1280) is
 *   too large for the implementation when mappedAtCreation == true".
 *   `guardWebGPUReads` makes such a read throw a clear error instead of
 *   computing wrong numbers: read with `await tensor.data()` on webgpu.
 * - Without an adapter (no GPU, or WebGPU switched off), tfjs's webgpu factory
 *   logs "No available adapters", "Initialization of backend webgpu failed"
 *   and a TypeError. `webgpuAdapter` asks first, so `useBackend` skips webgpu
 *   quietly.
 */
import type { KernelBackend } from '@tensorflow/tfjs-core';

interface GPUNavigator { gpu?: { requestAdapter: () => Promise<unknown> } }

/** Why WebGPU cannot start here ('' when an adapter is available). Asks `navigator.gpu` without logging. */
export async function webgpuUnavailable(): Promise<string> {
  const gpu = (globalThis.navigator as GPUNavigator | undefined)?.gpu;
  if (gpu == null) return 'this browser exposes no WebGPU (navigator.gpu is missing; WebGPU needs a secure context: https or http://localhost)';
  try {
    if ((await gpu.requestAdapter()) != null) return '';
  } catch (err) {
    return `navigator.gpu.requestAdapter() failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  return 'navigator.gpu.requestAdapter() found no adapter (no usable GPU, or WebGPU switched off)';
}

/** Thrown by a synchronous read of GPU data on the webgpu backend (see `guardWebGPUReads`). */
export class SyncReadError extends Error {
  constructor() {
    super('synchronous reads (dataSync, arraySync, bufferSync) of data on the GPU are not supported on the webgpu backend ' +
      '(tfjs reads them through a canvas, which returned zeros and broke the device in Chromium): read with `await tensor.data()` ' +
      '(or `array()`), e.g. @rrnn/train\'s trainStepAsync, @rrnn/eval\'s predictNextAsync');
    this.name = 'SyncReadError';
  }
}

const GUARDED = Symbol.for('@rrnn/backend.webgpu-guard');

interface TensorMapLike { tensorMap: { get(dataId: object): { values?: unknown; dtype?: string } | undefined } }

/**
 * Make `backend.readSync` (the webgpu backend's) throw `SyncReadError` for data
 * held only on the GPU; data tfjs keeps on the CPU (small tensors, uploads not
 * yet sent, values already read) is still returned. Idempotent. Returns true
 * when it installed the guard now.
 */
export function guardWebGPUReads(backend: KernelBackend): boolean {
  const b = backend as KernelBackend & TensorMapLike & Record<symbol, unknown>;
  if (b[GUARDED] === true) return false;
  const stock = b.readSync.bind(b);
  b.readSync = (dataId: object) => {
    const data = b.tensorMap.get(dataId);
    if (data != null && data.values == null && data.dtype !== 'string') throw new SyncReadError();
    return stock(dataId);
  };
  b[GUARDED] = true;
  return true;
}
