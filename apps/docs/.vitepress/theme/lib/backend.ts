/**
 * Readies the browser backend once per page load: the one named by the page's `?backend=` query
 * parameter (e.g. `?backend=wasm`), else the best available as `useBackend()` of
 * `@rrnn/backend/browser` picks it (webgpu -> webgl -> wasm -> cpu). One exception: WebGL drawn in
 * software (SwiftShader, llvmpipe: machines without a GPU, headless browsers) is far slower than
 * wasm, so then the page runs on wasm and says why. The wasm binaries are served from `<base>wasm/`.
 */
import { withBase } from 'vitepress';
import { isSoftwareRenderer, requestedBackend } from './backend-choice';

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

export function readyBackend(): Promise<BackendChoice> {
  ready ??= (async () => {
    const { useBackend, setWasmAssetPath } = await import('@rrnn/backend/browser');
    setWasmAssetPath(new URL(withBase('/wasm/'), window.location.href).href);
    const asked = requestedBackend(window.location.search);
    const name = await useBackend(asked);
    if (asked || name !== 'webgl') return { name, note: asked ? 'chosen by ?backend=' : '' };
    const renderer = webglRenderer();
    if (!isSoftwareRenderer(renderer)) return { name, note: '' };
    return { name: await useBackend('wasm'), note: `WebGL is software-rendered here (${renderer}), slower than wasm` };
  })();
  return ready;
}
