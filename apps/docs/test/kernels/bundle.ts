// Bundles checks.ts for the browser with esbuild: workspace packages from their TypeScript
// sources (as vitest and the site resolve them), one tfjs-core, an ES module page to load it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../..');

const workspaceSources: Plugin = {
  name: 'rrnn-workspace-sources',
  setup(b) {
    b.onResolve({ filter: /^@rrnn\/[a-z]+(\/[a-z-]+)?$/ }, (args) => {
      const [, pkg, sub] = /^@rrnn\/([a-z]+)(?:\/([a-z-]+))?$/.exec(args.path)!;
      return { path: resolve(root, 'packages', pkg, 'src', `${sub ?? 'index'}.ts`) };
    });
  },
};

/** Writes `index.html` + `checks.js` to `outDir` (a folder served over http://127.0.0.1). */
export async function bundleKernelChecks(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [resolve(here, 'checks.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: resolve(outDir, 'checks.js'),
    plugins: [workspaceSources],
    external: ['node:*', 'fs', 'path', 'os', 'crypto', 'worker_threads', 'perf_hooks'], // dynamic imports on Node-only paths, never reached in a browser
    logLevel: 'error',
  });
  writeFileSync(resolve(outDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>kernel checks</title><script type="module" src="checks.js"></script>\n');
}
