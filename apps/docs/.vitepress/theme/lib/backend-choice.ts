/** Pure helpers of the backend choice (see backend.ts). */

/** The backend the page asks for: `?backend=name`, or undefined for the best available. */
export function requestedBackend(search: string): string | undefined {
  return new URLSearchParams(search).get('backend') || undefined;
}

/** True for WebGL renderer strings of software rasterizers (SwiftShader, llvmpipe, Microsoft Basic Render). */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}
