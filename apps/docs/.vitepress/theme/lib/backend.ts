/**
 * Readies the best browser backend once per page load (webgpu -> webgl -> wasm -> cpu, chosen by
 * `useBackend()` of `@rrnn/backend/browser`) with the wasm binaries served from `<base>wasm/`.
 */
import { withBase } from 'vitepress';

let ready: Promise<string> | null = null;

/** The name of the backend that runs, e.g. 'webgl'. */
export function readyBackend(): Promise<string> {
  ready ??= (async () => {
    const { useBackend, setWasmAssetPath } = await import('@rrnn/backend/browser');
    setWasmAssetPath(new URL(withBase('/wasm/'), window.location.href).href);
    return useBackend();
  })();
  return ready;
}
