/**
 * @packageDocumentation
 * Pick and ready a TensorFlow.js backend for rrnn, in Node: `wasm` (default),
 * `cpu`, `node` (`@tensorflow/tfjs-node`) or `node-gpu`
 * (`@tensorflow/tfjs-node-gpu`). Browsers get `@rrnn/backend/browser` (the
 * `browser` export condition picks it): `webgpu`, `webgl`, `wasm`, `cpu`.
 *
 * Importing this package also registers tfjs-core's gradients and chained
 * tensor methods (plain `@tensorflow/tfjs-core` has neither) and a `file://`
 * model IO handler (`model.save('file://dir')`, `tf.loadLayersModel('file://dir/model.json')`
 * work on every backend, as with tfjs-node), and `useBackend('wasm')` fixes wasm for
 * training: it adds `UnsortedSegmentSum` (the gradient of every embedding
 * lookup), which wasm lacks, and wraps `_FusedMatMul` and batched `GatherV2`
 * where wasm's own compute wrong values (see `registerWasmKernels`).
 *
 * Speed and threads: wasm (SIMD, XNNPACK) is the fastest backend without native
 * code. Its matMul ran 3-4x faster than the pure-JS `cpu` backend on this
 * project's heavily loaded 2-core machine (1.6-2.5 vs 0.6 GFLOP/s per
 * CPU-second, 1024^3 and 80x650x2600 products); about 25 vs 1 GFLOP/s was
 * reported on an idle one. In Node wasm runs single-threaded:
 * tfjs-backend-wasm turns its multi-threaded build off there
 * (`WASM_HAS_MULTITHREAD_SUPPORT` is false); forced on, it starts its workers
 * from a `blob:` URL, which Node's worker_threads reject, and caps XNNPACK at
 * half the logical cores. @rrnn/train's bench `wasm-threads.mjs` works around
 * both: two XNNPACK threads then train the paper's model about as fast as
 * @rrnn/train's data-parallel worker threads on the plain build (measured on a
 * 2-core machine), so rrnn uses the latter. For more cores in Node, add the
 * native `node` backend, or train with `--threads`.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import './gradients';
import { activate } from './activate';
import { NODE_BACKENDS, parseBackendName, type BackendName } from './names';
import { loadNative, type PackageLoader } from './native';
import { registerFileIO } from './file-io';
import { BLAS_ENV_VAR, parseBlasChoice, useBlas } from './blas';
import type { BlasChoice } from './blas-state';

registerFileIO();

export { ALL_BACKENDS, BROWSER_BACKENDS, NODE_BACKENDS, parseBackendName, type BackendName } from './names';
export { describeBackend, type BackendInfo } from './describe';
export { registerWasmKernels, WASM_EXTRA_KERNELS } from './wasm_kernels';
export { gradientsRegistered } from './gradients';
export { NATIVE_PACKAGES, missingNativeError, type NativeBackendName, type PackageLoader } from './native';
export { TFJS_NAMES } from './activate';
export { measuredFloatBits, selfCheck, SELF_CHECK_TOLERANCE } from './check/self-check';
export { BLAS_ADDON_FILE, BLAS_ENV_VAR, BLAS_LIBRARIES, loadBlas, parseBlasChoice, useBlas } from './blas';
export { blasChoiceInUse, blasLabel, blasLibraryInUse, blasStatus, type BlasChoice, type BlasStatus } from './blas-state';
export { FILE_SCHEME, MODEL_FILES, fileSystemIO, registerFileIO } from './file-io';

/** A backend `useBackend` can start in Node. */
export type NodeBackendName = (typeof NODE_BACKENDS)[number];

/** The environment variable naming the default backend when `useBackend` gets no name. */
export const BACKEND_ENV_VAR = 'RRNN_BACKEND';

/** Options of `useBackend` (Node). */
export interface UseBackendOptions {
  /** How to import the native packages; default `import(name)`. Tests inject failures here. */
  load?: PackageLoader;
  /** wasm: multiply matrices with a native BLAS (see {@link BlasChoice}); default `RRNN_BLAS`, else `'auto'`. */
  blas?: BlasChoice;
}

/** The BLAS choice of `RRNN_BLAS`, else `'auto'`; a bad value names the variable. */
function blasFromEnv(): BlasChoice {
  const value = process.env[BLAS_ENV_VAR]?.trim();
  if (!value) return 'auto';
  try {
    return parseBlasChoice(value);
  } catch (err) {
    throw new Error(`${BLAS_ENV_VAR}=${value}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Select and ready a tfjs backend in Node; resolves to the name that runs.
 *
 * `name`: `'wasm'` (default), `'cpu'`, `'node'` or `'node-gpu'`. Without a name,
 * the `RRNN_BACKEND` environment variable is used when set, else `'wasm'`.
 * `node`/`node-gpu` import `@tensorflow/tfjs-node`/`@tensorflow/tfjs-node-gpu`
 * (optional peer dependencies) on demand; when missing, the error says which
 * package to add and what its install needs (a libtensorflow download; CUDA
 * and cuDNN on Linux x64 for the GPU build). Unknown names get an error listing
 * the valid ones. For wasm, registers the kernels wasm lacks for training, and
 * multiplies matrices with the system's OpenBLAS where rrnn's native addon and
 * the library load (`blas`, default `RRNN_BLAS` or `'auto'`; `'off'` keeps
 * wasm's own XNNPACK products; {@link blasStatus} says which runs).
 *
 * @example
 * ```ts
 * const running = await useBackend();        // 'wasm'
 * await useBackend('node');                  // needs `pnpm add @tensorflow/tfjs-node`
 * ```
 */
export async function useBackend(name?: BackendName | string, options: UseBackendOptions = {}): Promise<BackendName> {
  const fromEnv = name == null ? process.env[BACKEND_ENV_VAR]?.trim() || undefined : undefined;
  let chosen: NodeBackendName;
  try {
    chosen = parseBackendName(name ?? fromEnv ?? 'wasm', NODE_BACKENDS, 'Node');
  } catch (err) {
    if (fromEnv == null) throw err;
    throw new Error(`${BACKEND_ENV_VAR}=${fromEnv}: ${(err as Error).message}`, { cause: err });
  }
  if (chosen === 'node' || chosen === 'node-gpu') await loadNative(chosen, options.load);
  await activate(chosen);
  if (chosen === 'wasm') useBlas(options.blas ?? blasFromEnv());
  return chosen;
}
