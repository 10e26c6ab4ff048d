/**
 * @packageDocumentation `@rrnn/backend/names`: the backend names rrnn knows, and the check that
 * turns a user's string into one. No TensorFlow.js and no Node built-ins, so programs (the CLI's
 * option tables) read them without loading a backend; both main entries re-export them.
 */

/** Every backend name, Node and browser. */
export const ALL_BACKENDS = ['wasm', 'cpu', 'node', 'node-gpu', 'webgpu', 'webgl'] as const;

/** A tfjs backend rrnn can run on. `node`/`node-gpu` are Node-only, `webgpu`/`webgl` browser-only. */
export type BackendName = (typeof ALL_BACKENDS)[number];

/** Backends `useBackend` accepts in Node, default first. */
export const NODE_BACKENDS = ['wasm', 'cpu', 'node', 'node-gpu'] as const satisfies readonly BackendName[];

/** Backends `useBackend` accepts in a browser, in the order the default tries them. */
export const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const satisfies readonly BackendName[];

/**
 * Check `name` against the backends valid where we run (`valid`) and return it typed.
 * Unknown names and names valid only elsewhere get an error that lists the valid ones.
 */
export function parseBackendName<N extends BackendName>(name: string, valid: readonly N[], where: 'Node' | 'the browser'): N {
  const trimmed = name.trim().toLowerCase();
  if ((valid as readonly string[]).includes(trimmed)) return trimmed as N;
  const list = valid.join(', ');
  if ((ALL_BACKENDS as readonly string[]).includes(trimmed)) {
    const other = where === 'Node' ? 'a browser' : 'Node';
    throw new Error(`backend '${name}' runs only in ${other}; in ${where} use one of: ${list}`);
  }
  throw new Error(`unknown backend '${name}': valid backends in ${where} are ${list}`);
}
