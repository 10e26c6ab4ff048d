import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `from` holding pnpm-workspace.yaml, if any. */
export function findRepoRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The user cache folder for corpora: `~/.cache/rrnn/data` (or `$XDG_CACHE_HOME/rrnn/data`). */
export function cacheDataDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rrnn', 'data');
}

/**
 * Where corpora live: `$RRNN_DATA_DIR`; else `<repo>/../shared/data` when
 * present (repo = the folder with pnpm-workspace.yaml above the working
 * directory or above this package); else the user cache `~/.cache/rrnn/data`.
 */
export function defaultDataDir(): string {
  if (process.env.RRNN_DATA_DIR) return resolve(process.env.RRNN_DATA_DIR);
  const here = dirname(fileURLToPath(import.meta.url));
  for (const start of [process.cwd(), here]) {
    const root = findRepoRoot(start);
    if (root && existsSync(join(root, '..', 'shared', 'data'))) return resolve(root, '..', 'shared', 'data');
  }
  return cacheDataDir();
}
