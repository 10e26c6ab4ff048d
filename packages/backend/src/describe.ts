/**
 * What the running backend is and how it computes. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { measuredFloatBits } from './check/self-check';
import { blasLabel } from './blas-state';
import type { BackendName } from './names';

/** A summary of the backend tfjs runs now. */
export interface BackendInfo {
  /** rrnn's name for it, or tfjs's name when rrnn has none. */
  name: BackendName | string;
  /** tfjs's name (`tf.getBackend()`), e.g. 'tensorflow' for node/node-gpu. */
  tfjsName: string;
  /** Threads computing kernels: wasm's thread pool size, 1 for cpu, null where tfjs cannot tell (native, GPU). */
  threads: number | null;
  /** wasm only: the SIMD build is in use. */
  simd: boolean;
  /** wasm only: the multi-threaded build is in use (never in Node: see the package docs). */
  multithread: boolean;
  /** Bits of float precision the backend computes with (16 on some WebGL devices, else 32; measured on webgl). */
  floatPrecision: number;
  /** wasm in Node: the native BLAS library its matrix products run on (`useBackend`'s `blas`) and its kernels, e.g. `'libopenblas.so.0, SkylakeX kernels'`; else null. */
  blas: string | null;
}

/** Map tfjs's backend name (and backend object) to rrnn's name. */
export function backendNameOf(tfjsName: string, backend: unknown): BackendName | string {
  if (tfjsName === 'tensorflow') return (backend as { isGPUPackage?: boolean }).isGPUPackage ? 'node-gpu' : 'node';
  return tfjsName;
}

/** Describe the backend tfjs runs now (call after `useBackend`). */
export async function describeBackend(): Promise<BackendInfo> {
  await tf.ready();
  const tfjsName = tf.getBackend();
  const backend = tf.backend();
  const isWasm = tfjsName === 'wasm';
  const flag = async (f: string) => isWasm && (await tf.env().getAsync(f)) === true;
  const simd = await flag('WASM_HAS_SIMD_SUPPORT');
  const multithread = await flag('WASM_HAS_MULTITHREAD_SUPPORT');
  return {
    name: backendNameOf(tfjsName, backend),
    tfjsName,
    threads: isWasm ? getThreadsCount() : tfjsName === 'cpu' ? 1 : null,
    simd,
    multithread,
    floatPrecision: tfjsName === 'webgl' ? await measuredFloatBits() : backend.floatPrecision(), // tfjs's answer is 16 for every float32 WebGL
    blas: isWasm ? blasLabel() : null,
  };
}
