/**
 * Switching tfjs to one backend and proving it runs. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './names';
import { registerWasmKernels } from './wasm_kernels';
import { registerGpuKernels } from './gpu_kernels';
import { guardWebGPUReads, webgpuUnavailable } from './webgpu';

/** The name each backend registers under in tfjs (`tf.getBackend()`). */
export const TFJS_NAMES: Record<BackendName, string> = {
  wasm: 'wasm',
  cpu: 'cpu',
  node: 'tensorflow',
  'node-gpu': 'tensorflow',
  webgpu: 'webgpu',
  webgl: 'webgl',
};

/**
 * `tf.setBackend` + `tf.ready` for `name`, then check `tf.getBackend()` agrees.
 * For wasm, first registers the kernels wasm lacks. For webgpu, first asks
 * for an adapter (none: throws without tfjs logging errors), then guards
 * synchronous reads (see webgpu.ts); for webgpu and webgl, wraps the kernels
 * they get wrong (gpu_kernels.ts). `hint` is added to the error when the
 * backend fails to start (e.g. where to serve the .wasm files).
 */
export async function activate(name: BackendName, hint = ''): Promise<void> {
  const tfName = TFJS_NAMES[name];
  if (name === 'wasm') registerWasmKernels();
  const suffix = hint ? ` ${hint}` : '';
  if (name === 'webgpu') {
    const why = await webgpuUnavailable();
    if (why) throw new Error(`backend 'webgpu' could not start: ${why}.${suffix}`);
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(tfName);
    await tf.ready();
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`backend '${name}' could not start: ${detail}.${suffix}`, { cause: err });
  }
  if (!ok) throw new Error(`backend '${name}' failed to initialize (tf.setBackend('${tfName}') returned false).${suffix}`);
  const running = tf.getBackend();
  if (running !== tfName) throw new Error(`asked for backend '${name}' (tfjs '${tfName}') but tfjs runs '${running}'`);
  if (name === 'webgpu') guardWebGPUReads(tf.backend());
  if (name === 'webgpu' || name === 'webgl') registerGpuKernels(name);
}
