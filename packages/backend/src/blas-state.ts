/**
 * Which BLAS, if any, this thread's wasm backend multiplies with (set by `useBlas` in Node,
 * read by `describeBackend` everywhere). Browser-safe: no Node imports.
 */

/**
 * How the wasm backend multiplies matrices in Node: `'auto'` (OpenBLAS when rrnn's addon and the
 * library load, else wasm's own), `'off'` (always wasm's own, XNNPACK), `'openblas'` (OpenBLAS or
 * an error saying what is missing), or a shared library with `cblas_sgemm` (a file name for the
 * loader's search, or a path).
 */
export type BlasChoice = 'auto' | 'off' | 'openblas' | (string & {});

/**
 * What a choice resolved to: the library in use and the kernels it runs (OpenBLAS's core name, e.g.
 * `'SkylakeX'`, or null where the library does not say), or why none is.
 */
export type BlasStatus = { active: true; library: string; kernels: string | null } | { active: false; reason: string };

let current: BlasStatus = { active: false, reason: 'not asked for' };

/** Record what `useBlas` resolved to. */
export function setBlasStatus(status: BlasStatus): void {
  current = status;
}

/** The BLAS route of this thread's wasm backend, as the last `useBackend('wasm')` set it. */
export function blasStatus(): BlasStatus {
  return current;
}

/** The library the wasm backend multiplies with on this thread, or null (wasm's own products). */
export function blasLibraryInUse(): string | null {
  return current.active ? current.library : null;
}

/** The BLAS route in words for logs and reports: `'libopenblas.so.0, SkylakeX kernels'`, or null (wasm's own products). */
export function blasLabel(status: BlasStatus = current): string | null {
  if (!status.active) return null;
  return status.kernels ? `${status.library}, ${status.kernels} kernels` : status.library;
}

/** The choice that gives another thread (a gradient worker) the route this thread runs: its library, or `'off'`. */
export function blasChoiceInUse(): BlasChoice {
  return current.active ? current.library : 'off';
}
