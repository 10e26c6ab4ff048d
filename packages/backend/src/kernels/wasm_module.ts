/**
 * Instantiating rrnn's hand-written wasm SIMD kernel modules (softmax_ce.wat, lstm_cell.wat, gru_cell.wat) inside
 * tfjs-backend-wasm's own memory: each module imports that memory, so a kernel reads its inputs and
 * writes its outputs where the backend keeps the tensors, and no tensor is copied.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** A module as scripts/build-wasm.mjs writes it: base64 for a plain and for a shared memory. */
export interface WasmModuleSource {
  /** Names the module in errors. */
  name: string;
  plain: string;
  shared: string;
}

/** One instance per memory and module (a backend created again gets a new memory). */
const instances = new WeakMap<WebAssembly.Memory, Map<WasmModuleSource, unknown>>();

function memoryOf(backend: BackendWasm, name: string): WebAssembly.Memory {
  const m = backend.wasm as unknown as { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
  const memory = m.asm?.memory ?? m.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error(`rrnn ${name} kernel: cannot find tfjs-backend-wasm's memory (expected Module.asm.memory); this tfjs-backend-wasm build is not supported`);
  }
  return memory;
}

/**
 * The exports of `source` instantiated on `backend`'s memory (created once per memory). The
 * modules are a few KB: small enough to compile synchronously on a browser's main thread too.
 */
export function wasmExports<T>(backend: BackendWasm, source: WasmModuleSource): T {
  const memory = memoryOf(backend, source.name);
  let byModule = instances.get(memory);
  if (!byModule) instances.set(memory, (byModule = new Map()));
  let exports = byModule.get(source) as T | undefined;
  if (!exports) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = Uint8Array.from(atob(shared ? source.shared : source.plain), (c) => c.charCodeAt(0));
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as T;
    byModule.set(source, exports);
  }
  return exports;
}

/** Byte offset of a tensor's data in the backend's memory. */
export const offsetOf = (backend: BackendWasm, t: TensorInfo): number => backend.dataIdMap.get(t.dataId)!.memoryOffset;

/** The whole heap as bytes; take it after the kernel's last allocation (a growing heap replaces its buffer). */
export const heapBytes = (backend: BackendWasm, name: string): Uint8Array => new Uint8Array(memoryOf(backend, name).buffer);

/**
 * The SIMD modules' element runs (lstm_cell.wat, gru_cell.wat) hold 0 or at least 4 elements (a run's
 * last 1-3 elements are one more vector that overlaps the previous one); a run of 1-3 elements
 * (toy sizes only) goes through core's plain loops instead.
 */
export const tooShortForSimd = (n: number): boolean => n > 0 && n < 4;
