import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GridPoint } from './grid.js';
import { RELAUNCHED_ENV, nodeFlags } from '../launch.js';

/** The built `rrnn` program (dist/bin.js beside this bundle). */
export const RRNN_BIN = fileURLToPath(new URL('./bin.js', import.meta.url));

/** How one child `rrnn` process ended. */
export interface ChildOutcome {
  code: number | null;
  /** Last non-empty stderr line (the one-line cause on failure). */
  lastError: string;
}

/**
 * Run `rrnn <args>` as a child process of the same CLI, handing each stdout
 * line (JSON events with `--json`) to `onLine`. The child starts under the
 * compute flags (launch.ts's `nodeFlags`). Aborting the signal forwards
 * SIGINT, so the child checkpoints and exits.
 */
export function runChild(args: string[], o: { cwd: string; onLine?: (line: string) => void; signal?: AbortSignal }): Promise<ChildOutcome> {
  return new Promise((done) => {
    const { npm_lifecycle_event: _event, INIT_CWD: _initCwd, [RELAUNCHED_ENV]: _relaunched, ...env } = process.env;
    const child = spawn(process.execPath, [...nodeFlags(), RRNN_BIN, ...args], { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) o.onLine?.(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const forward = () => child.kill('SIGINT');
    o.signal?.addEventListener('abort', forward, { once: true });
    child.on('close', (code) => {
      o.signal?.removeEventListener('abort', forward);
      if (buffered.trim()) o.onLine?.(buffered);
      const lastError = stderr.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '';
      done({ code, lastError });
    });
  });
}

/** Run `jobs` with at most `concurrency` at once; resolves when all are done. Stops starting new ones once `signal` aborts. */
export async function runPool<T>(items: T[], concurrency: number, job: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await job(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

/** The two `rrnn train` argv of one sweep point: a fresh run, and the resume of an interrupted one. */
export interface PointArgs {
  /** `train <settings> --cell .. --rate .. --seed ..`; `runArgs` adds `--out <runDir> --force --json`. */
  fresh: string[];
  /** `train --json <maxSteps/epochs/backend>`; `runArgs` adds `--resume <runDir>`. */
  resume: string[];
}

/** The argv pair of grid point `p`, from the sweep's per-run settings and those it passes on resume. */
export function pointArgs(p: GridPoint, trainArgs: string[], resumeArgs: string[]): PointArgs {
  return {
    fresh: ['train', ...trainArgs, '--cell', p.cell, '--rate', String(p.sharingRate), '--seed', String(p.seed)],
    resume: ['train', '--json', ...resumeArgs],
  };
}

/** The child argv that trains one point into `runDir`: resumed from its checkpoint, or fresh. */
export function runArgs(a: PointArgs, runDir: string, resume: boolean): string[] {
  return resume ? [...a.resume, '--resume', runDir] : [...a.fresh, '--out', runDir, '--force', '--json'];
}
