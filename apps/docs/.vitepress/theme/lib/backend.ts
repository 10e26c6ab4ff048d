/**
 * Readies the browser backend once per page load: the one named by the page's `?backend=` query
 * parameter (e.g. `?backend=webgl`), else the best available as `chooseBackend()` of
 * `@rrnn/backend/browser` picks it (webgpu -> webgl -> wasm -> cpu, each started and self-checked;
 * the ones passed over are named in the note). One exception: a GPU drawn in software (SwiftShader,
 * llvmpipe: machines without a GPU, headless browsers) trains slower than wasm (measured on the
 * Backends page), so then the page runs on wasm and says why; `?backend=webgpu` or `?backend=webgl`
 * still uses it. The wasm binaries are served from `<base>wasm/`.
 */
import { withBase } from 'vitepress';
import { isSoftwareRenderer, requestedBackend, skippedNote } from './backend-choice';

export interface BackendChoice {
  /** The backend that runs, e.g. 'webgl'. */
  name: string;
  /** Why it is not the first that started, when that is so. */
  note: string;
}

let ready: Promise<BackendChoice> | null = null;

/** The WebGL renderer's name (unmasked when the browser allows), or '' without WebGL. */
function webglRenderer(): string {
  const canvas = document.createElement('canvas');
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

interface AdapterInfo { vendor?: string; architecture?: string; description?: string }
interface GPUAdapterLike { info?: AdapterInfo; isFallbackAdapter?: boolean }

/** The WebGPU adapter's vendor and architecture (e.g. 'google swiftshader'), or '' without one. */
async function webgpuAdapterName(): Promise<string> {
  const gpu = (navigator as { gpu?: { requestAdapter: () => Promise<GPUAdapterLike | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return '';
  const i = adapter.info ?? {};
  return [i.vendor, i.architecture, i.description, adapter.isFallbackAdapter ? 'software fallback' : ''].filter(Boolean).join(' ');
}

export function readyBackend(): Promise<BackendChoice> {
  ready ??= (async () => {
    const { chooseBackend, setWasmAssetPath } = await import('@rrnn/backend/browser');
    setWasmAssetPath(new URL(withBase('/wasm/'), window.location.href).href);
    const asked = requestedBackend(window.location.search);
    if (asked) return { name: (await chooseBackend(asked)).name, note: 'chosen by ?backend=' };
    const choice = await chooseBackend();
    const skipped = skippedNote(choice.skipped);
    if (choice.name !== 'webgl' && choice.name !== 'webgpu') return { name: choice.name, note: skipped };
    const renderer = choice.name === 'webgl' ? webglRenderer() : await webgpuAdapterName();
    if (!isSoftwareRenderer(renderer)) return { name: choice.name, note: skipped };
    const what = choice.name === 'webgl' ? 'WebGL' : 'WebGPU';
    return {
      name: (await chooseBackend('wasm')).name,
      note: `${what} is software-rendered here (${renderer}), slower than wasm; ?backend=${choice.name} uses it anyway`,
    };
  })();
  return ready;
}
