/**
 * The native BLAS route of the wasm backend in Node: rrnn's small addon (`native/blas.c`, built
 * next to this file as `blas.node` by `scripts/build-native.mjs` when a C compiler and Node's
 * headers are there) opens the system's OpenBLAS and runs wasm's matrix products with it, on the
 * wasm heap itself. Everything else stays on wasm. Node-only; optional: without the addon or the
 * library, wasm runs its own products (XNNPACK) as before.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { _FusedMatMul, BatchMatMul, env, getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { FREE_TRANSPOSE_FLAG, SOFTMAX_CE, SOFTMAX_CE_GRAD } from '@rrnn/core/kernels';
import { blasBatchMatMulConfig, blasFusedMatMulConfig, type NativeSgemm } from './kernels/blas_mat_mul';
import { nativeSoftmaxCEConfigs, type NativeSoftmaxCE } from './kernels/softmax_ce';
import { markOurs } from './wasm_kernels';
import { setBlasStatus, type BlasChoice, type BlasStatus } from './blas-state';

/** The environment variable that picks the BLAS route when `useBackend` gets no `blas` option. */
export const BLAS_ENV_VAR = 'RRNN_BLAS';

/** The libraries tried, in order, when the route is `'auto'` (Debian/Ubuntu: `apt-get install libopenblas0-pthread`). */
export const BLAS_LIBRARIES: readonly string[] = ['libopenblas.so.0', 'libopenblas.so'];

/** rrnn's native addon: opens a BLAS library, then multiplies on a heap (and runs the softmax cross-entropy's passes there). */
export interface BlasAddon extends NativeSgemm, NativeSoftmaxCE {
  /** Opens the first library of `libraries` with `cblas_sgemm` and returns its name. */
  open(libraries: string[]): string;
  /**
   * The kernels OpenBLAS runs (`openblas_get_corename`, e.g. `'Haswell'`, `'SkylakeX'`), or null where the
   * library does not say. OpenBLAS picks them for the CPU when it loads, unless `OPENBLAS_CORETYPE` names some.
   */
  coreName(): string | null;
}

/** Where the built addon lies (beside the bundle, in `dist/`). */
export const BLAS_ADDON_FILE = 'blas.node';

/** The built addon: beside this bundle (dist/), or, run from source (tests), in dist/. */
function addonPath(): string {
  const beside = fileURLToPath(new URL(`./${BLAS_ADDON_FILE}`, import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL(`../dist/${BLAS_ADDON_FILE}`, import.meta.url));
}

/** Parse an `RRNN_BLAS` value; a word that is not a choice nor a library file name (`lib*.so*`) or path gets an error listing the choices. */
export function parseBlasChoice(value: string): BlasChoice {
  const v = value.trim();
  if (v === 'auto' || v === 'off' || v === 'openblas') return v;
  if (v.includes('/') || /^lib.*\.so/.test(v)) return v;
  throw new Error(`unknown BLAS choice '${value}': use auto, off, openblas, or the path of a shared library with cblas_sgemm`);
}

/** Load the addon and open a library for `choice`; never throws for `'auto'` and `'off'`. */
export function loadBlas(choice: BlasChoice): { status: BlasStatus; addon?: BlasAddon } {
  if (choice === 'off') return { status: { active: false, reason: 'turned off (blas: off)' } };
  const file = addonPath();
  const fail = (reason: string) => {
    if (choice === 'auto') return { status: { active: false, reason } as BlasStatus };
    throw new Error(`blas '${choice}': ${reason}`);
  };
  if (!existsSync(file)) return fail(`the native addon ${file} was not built (pnpm build needs a C compiler and Node's headers: apt-get install gcc)`);
  let addon: BlasAddon;
  try {
    addon = createRequire(import.meta.url)(file) as BlasAddon;
  } catch (err) {
    return fail(`the native addon ${file} failed to load: ${(err as Error).message}`);
  }
  const libraries = choice === 'auto' || choice === 'openblas' ? [...BLAS_LIBRARIES] : [choice]; // a name or a path: dlopen's search
  try {
    const library = addon.open(libraries);
    return { status: { active: true, library, kernels: addon.coreName() }, addon };
  } catch (err) {
    return fail(`no BLAS library could be opened: ${(err as Error).message}; install OpenBLAS (apt-get install libopenblas0-pthread) or use blas: off`);
  }
}

/**
 * Route the wasm backend's `BatchMatMul` and `_FusedMatMul` through a native BLAS for `choice`
 * (after `registerWasmKernels`), with core's softmax cross-entropy kernels on the addon's native
 * passes, and set core's `FREE_TRANSPOSE_FLAG`; or put wasm's own kernels back (and clear the
 * flag) for `'off'` or when none loads.
 */
export function useBlas(choice: BlasChoice): BlasStatus {
  const { status, addon } = loadBlas(choice);
  const native: Record<string, (base: KernelConfig) => KernelConfig> = addon
    ? {
        [BatchMatMul]: (base) => blasBatchMatMulConfig(addon, base),
        [_FusedMatMul]: (base) => blasFusedMatMulConfig(addon, base),
        ...Object.fromEntries(nativeSoftmaxCEConfigs(addon).map((c) => [c.kernelName, () => c])),
      }
    : {};
  for (const name of [BatchMatMul, _FusedMatMul, SOFTMAX_CE, SOFTMAX_CE_GRAD]) {
    const k = getKernel(name, 'wasm') as (KernelConfig & { [STOCK]?: KernelConfig }) | undefined;
    if (k == null) continue;
    const base = k[STOCK] ?? k;
    let next: KernelConfig & { [STOCK]?: KernelConfig } = base;
    if (native[name]) {
      next = native[name](base);
      markOurs(next.kernelFunc);
      next[STOCK] = base;
    }
    if (next === k) continue;
    unregisterKernel(name, 'wasm');
    registerKernel(next);
  }
  // the decoder then multiplies by transposes through the product's flags (core's decoder-ce.ts)
  env().set(FREE_TRANSPOSE_FLAG, addon != null);
  setBlasStatus(status);
  return status;
}

/** The kernel a BLAS kernel replaced (kept on it, so that `'off'` can put it back). */
const STOCK = Symbol.for('@rrnn/backend.blas-stock');
