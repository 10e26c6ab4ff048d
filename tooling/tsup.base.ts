import type { Options } from 'tsup';

/**
 * The one tsup setting every rrnn package builds with: ESM + CJS + `.d.ts`,
 * tfjs and workspace packages left external (they are peers or dependencies).
 */
export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: false,
    treeshake: true,
    external: [/^@tensorflow\//, /^@rrnn\//],
    ...extra,
  };
}
