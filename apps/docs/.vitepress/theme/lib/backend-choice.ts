/** Pure helpers of the backend choice (see backend.ts). */

/** The backend the page asks for: `?backend=name`, or undefined for the best available. */
export function requestedBackend(search: string): string | undefined {
  return new URLSearchParams(search).get('backend') || undefined;
}

/** True for WebGL renderer / WebGPU adapter names of software rasterizers (SwiftShader, llvmpipe, Microsoft Basic Render, fallback adapters). */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

/** The note naming the backends `chooseBackend` passed over, e.g. "webgl skipped: failed its self-check: …"; '' when none. */
export function skippedNote(skipped: readonly { name: string; reason: string }[]): string {
  return skipped
    .map((s) => `${s.name} skipped: ${s.reason.replace(new RegExp(`^backend '${s.name}' (could not start: )?`), '')}`)
    .join('; ');
}
