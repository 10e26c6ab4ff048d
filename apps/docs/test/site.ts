/** Locates the built site; builds it first when it is missing (the workspace test command builds it via turbo). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DOCS = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = resolve(DOCS, 'dist');
export const ARTIFACTS = resolve(DOCS, 'test-artifacts');

export function builtSite(): string {
  if (!existsSync(resolve(DIST, 'index.html'))) {
    const run = spawnSync('pnpm', ['run', 'build'], { cwd: DOCS, stdio: 'inherit' });
    if (run.status !== 0) throw new Error('the docs site did not build: run `pnpm --filter ./apps/docs build` and fix its errors');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return DIST;
}
