/**
 * Loading the optional native backends (`@tensorflow/tfjs-node`,
 * `@tensorflow/tfjs-node-gpu`) on demand, with errors that say how to get them.
 * Node-only.
 */

/** The native backends and the npm package each one needs. */
export const NATIVE_PACKAGES = {
  node: '@tensorflow/tfjs-node',
  'node-gpu': '@tensorflow/tfjs-node-gpu',
} as const;

/** A native backend name. */
export type NativeBackendName = keyof typeof NATIVE_PACKAGES;

/**
 * Imports a package by name. The default is a plain dynamic `import()`; tests
 * (or apps with their own module loading) pass another one to `useBackend`.
 */
export type PackageLoader = (packageName: string) => Promise<unknown>;

/** The default loader: `import(packageName)`. */
export const importPackage: PackageLoader = (packageName) => import(/* @vite-ignore */ packageName);

/** True when `err` says `packageName` itself could not be found (not a failure inside it). */
export function isMissingPackage(err: unknown, packageName: string): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ||
    /cannot find (module|package)|could not resolve|failed to (load|resolve)/i.test(message);
  return notFound && message.includes(packageName);
}

/** The error for a native backend whose package is not installed: what to add and what it needs. */
export function missingNativeError(name: NativeBackendName, cause?: unknown): Error {
  const pkg = NATIVE_PACKAGES[name];
  const needs = name === 'node-gpu'
    ? ' It needs Linux x64 with an NVIDIA GPU, CUDA and cuDNN installed (the versions its README lists).'
    : '';
  return new Error(
    `backend '${name}' needs ${pkg}, which is not installed. Add it with \`pnpm add ${pkg}\` ` +
    `(or npm install ${pkg}); its install script downloads libtensorflow, so the install needs network access.` +
    `${needs} Without it, use the default 'wasm' backend.`,
    { cause },
  );
}

/** Import the package of a native backend; a missing package becomes `missingNativeError`. */
export async function loadNative(name: NativeBackendName, load: PackageLoader = importPackage): Promise<void> {
  const pkg = NATIVE_PACKAGES[name];
  try {
    await load(pkg);
  } catch (err) {
    if (isMissingPackage(err, pkg)) throw missingNativeError(name, err);
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`backend '${name}': ${pkg} is installed but failed to load: ${detail}`, { cause: err });
  }
}
