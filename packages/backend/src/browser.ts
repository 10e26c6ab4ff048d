/**
 * @packageDocumentation
 * Pick and ready a TensorFlow.js backend for rrnn in a browser: `webgpu`,
 * `webgl`, `wasm` or `cpu`; by default the best one that starts, tried in that
 * order. Bundlers pick this entry through the `browser` export condition of
 * `@rrnn/backend`; it is also `@rrnn/backend/browser`. No Node built-ins and no
 * native packages are imported here.
 *
 * wasm needs its `.wasm` binaries served next to the app (copy
 * `node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm`, see `WASM_FILES`)
 * and `setWasmAssetPath('/where/they/are/')` called before `useBackend`.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import './gradients';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activate';
import { measuredFloatBits, selfCheck } from './check/self-check';
import { BROWSER_BACKENDS, parseBackendName, type BackendName } from './names';

export { ALL_BACKENDS, BROWSER_BACKENDS, NODE_BACKENDS, parseBackendName, type BackendName } from './names';
export { describeBackend, type BackendInfo } from './describe';
export { registerWasmKernels, WASM_EXTRA_KERNELS } from './wasm_kernels';
export { gradientsRegistered } from './gradients';
export { TFJS_NAMES } from './activate';
export { measuredFloatBits, selfCheck, SELF_CHECK_TOLERANCE } from './check/self-check';
export { guardWebGPUReads, SyncReadError, webgpuUnavailable } from './webgpu';
export { GPU_FIXED_KERNELS, registerGpuKernels } from './gpu_kernels';

/** A backend `useBackend` can start in a browser. */
export type BrowserBackendName = (typeof BROWSER_BACKENDS)[number];

/** The binaries the wasm backend fetches; serve all three from one folder. */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;

const WASM_HINT = `If the .wasm files are not served, copy ${WASM_FILES.join(', ')} from ` +
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/ to your static folder and call setWasmAssetPath(<its URL>) first.';

/**
 * Where the browser fetches the wasm backend's binaries (`WASM_FILES`) from: a
 * URL prefix (a folder; the trailing `/` is added when missing) or one URL per
 * file. Call before `useBackend`: once wasm has started its binary is loaded
 * and a new path would be ignored, so that throws.
 */
export function setWasmAssetPath(prefix: string | Record<(typeof WASM_FILES)[number], string>): void {
  if (tf.findBackend('wasm') != null) {
    throw new Error('setWasmAssetPath: the wasm backend has already started; call setWasmAssetPath before useBackend (and before any tf.setBackend/tf.ready)');
  }
  if (typeof prefix === 'string') {
    if (prefix.trim() === '') throw new Error('setWasmAssetPath: the prefix is empty; pass the URL of the folder serving the .wasm files, e.g. "/wasm/"');
    setWasmPaths(prefix.endsWith('/') ? prefix : `${prefix}/`);
    return;
  }
  const missing = WASM_FILES.filter((f) => typeof prefix[f] !== 'string');
  if (missing.length > 0) throw new Error(`setWasmAssetPath: no URL for ${missing.join(', ')}; give one per file in WASM_FILES, or a folder prefix`);
  setWasmPaths(prefix);
}

/** A backend `chooseBackend` passed over, and why. */
export interface SkippedBackend { name: BrowserBackendName; reason: string }

/** What `chooseBackend` settled on. */
export interface BackendChoice {
  /** The backend that runs now. */
  name: BrowserBackendName;
  /** The backends tried before it, in order, with the reason each was passed over (empty when the first one ran). */
  skipped: SkippedBackend[];
}

/** Start `name` and prove it: 32-bit floats (unless `anyPrecision`) and the self-check. Resolves to '' or why not. */
async function tryBackend(name: BrowserBackendName, anyPrecision: boolean): Promise<string> {
  try {
    await activate(name, name === 'wasm' ? WASM_HINT : '');
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  const bits = await measuredFloatBits(); // not tf.backend().floatPrecision(): 16 for every float32 WebGL in tfjs 4.22
  if (bits < 32 && !anyPrecision) {
    return `backend '${name}' computes with ${bits}-bit floats on this device, too coarse for training; ask for it by name to use it anyway`;
  }
  const failed = await selfCheck();
  return failed ? `backend '${name}' started but failed its self-check: ${failed}` : '';
}

/**
 * Select and ready a tfjs backend in the browser, and say which were passed over.
 *
 * With a `name` (`'webgpu'`, `'webgl'`, `'wasm'`, `'cpu'`), starts that one or
 * throws why not (it must pass the self-check, `selfCheck`; 16-bit floats are
 * accepted when asked for by name). Without, tries webgpu, webgl, wasm, cpu in
 * that order and keeps the first that starts, computes in 32-bit floats and
 * passes the self-check; each one passed over is listed in `skipped` with its
 * reason, for the page to show. WebGPU without an adapter is skipped without
 * tfjs logging errors. Unknown names (and the Node-only `node`, `node-gpu`)
 * get an error listing the valid ones. For wasm, registers the kernels wasm
 * lacks for training; for webgpu, synchronous reads of GPU data throw
 * (`SyncReadError`) instead of returning wrong numbers.
 */
export async function chooseBackend(name?: BackendName | string): Promise<BackendChoice> {
  if (name != null) {
    const chosen = parseBackendName(name, BROWSER_BACKENDS, 'the browser');
    const failed = await tryBackend(chosen, true);
    if (failed) throw new Error(failed);
    return { name: chosen, skipped: [] };
  }
  const skipped: SkippedBackend[] = [];
  for (const candidate of BROWSER_BACKENDS) {
    const failed = await tryBackend(candidate, false);
    if (!failed) return { name: candidate, skipped };
    skipped.push({ name: candidate, reason: failed });
  }
  throw new Error(`no tfjs backend could start in this browser:\n  ${skipped.map((s) => s.reason).join('\n  ')}`);
}

/**
 * Select and ready a tfjs backend in the browser; resolves to the name that
 * runs. `chooseBackend` without the list of backends passed over: with a
 * `name`, that one or an error; without, the first of webgpu, webgl, wasm, cpu
 * that starts, computes in 32-bit floats and passes the self-check.
 */
export async function useBackend(name?: BackendName | string): Promise<BackendName> {
  return (await chooseBackend(name)).name;
}
