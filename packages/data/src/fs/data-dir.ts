import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

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
 * Where corpora live: `$RRNN_DATA_DIR`, else the user cache
 * `~/.cache/rrnn/data`. Nothing else is searched: a folder the user did not
 * name is never used silently (the tests set `RRNN_DATA_DIR` themselves).
 */
export function defaultDataDir(): string {
  return process.env.RRNN_DATA_DIR ? resolve(process.env.RRNN_DATA_DIR) : cacheDataDir();
}
