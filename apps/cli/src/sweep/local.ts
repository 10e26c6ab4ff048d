import { join } from 'node:path';
import type { Io } from '../framework/command.js';
import { fitFields } from '../format/fit.js';
import { formatDuration } from '../format/time.js';
import type { RunResult } from '../training/evaluate.js';
import type { ReportMode } from '../training/progress.js';
import { hasCheckpoint, readResult } from '../training/run-dir.js';
import type { GridPoint } from './grid.js';
import { pointArgs, runArgs, runChild, runPool } from './pool.js';
import { readProgress } from './progress.js';
import { sweepRow, type SweepRow } from './results.js';

/** What a local sweep needs: its folder, the points, how each is trained and how to report. */
export interface LocalSweep {
  dir: string;
  points: GridPoint[];
  /** Parallel `rrnn train` processes. */
  jobs: number;
  /** The per-run `rrnn train` settings, and those passed with `--resume`. */
  trainArgs: string[];
  resumeArgs: string[];
  io: Io;
  mode: ReportMode;
  signal: AbortSignal;
  /** One sweep event: a JSON object in json mode, else its text line on stderr. */
  say(event: Record<string, unknown>, text: string): void;
  /** Every row known so far (in finishing order), after each run ends: for results written as the sweep goes. */
  onRows?(rows: SweepRow[]): void;
}

/** The live status line of the running runs, fitted to the terminal (whole runs dropped, never cut). */
function statusLine(done: number, total: number, live: Map<string, string>, width: number): string {
  return fitFields([`sweep ${done}/${total} done`, ...[...live.entries()].map(([n, s]) => `${n} ${s}`)], width);
}

/**
 * Train the points of a sweep here, `jobs` child `rrnn train` processes at a
 * time: points whose folder holds result.json are not trained again,
 * interrupted ones resume from their checkpoint. Resolves to the rows of every
 * point (finished before or now, or failed), in finishing order.
 */
export async function runLocalSweep(s: LocalSweep): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  const todo: GridPoint[] = [];
  for (const p of s.points) {
    const done = readResult<RunResult>(join(s.dir, p.name));
    if (done) rows.push(sweepRow(p, done, undefined, readProgress(join(s.dir, p.name))));
    else todo.push(p);
  }
  s.say({ type: 'sweep', dir: s.dir, runs: s.points.length, finished: rows.length, todo: todo.length, jobs: s.jobs }, `sweep ${s.dir}: ${s.points.length} runs, ${rows.length} already finished, ${todo.length} to train on ${Math.min(s.jobs, Math.max(1, todo.length))} process(es)`);
  const live = new Map<string, string>();
  const draw = () => {
    if (s.mode === 'tty') s.io.err(`\r\x1b[K${statusLine(rows.length, s.points.length, live, s.io.columns - 1)}`);
  };
  await runPool(todo, s.jobs, async (p) => {
    const runDir = join(s.dir, p.name);
    const resume = hasCheckpoint(runDir);
    s.say({ type: 'run-start', name: p.name, resume }, `${resume ? 'resuming' : 'starting'} ${p.name}`);
    live.set(p.name, 'starting');
    draw();
    const outcome = await runChild(runArgs(pointArgs(p, s.trainArgs, s.resumeArgs), runDir, resume), {
      cwd: s.io.cwd, signal: s.signal,
      onLine: (line) => {
        try {
          const e = JSON.parse(line) as { type: string; step?: number; perplexity?: number; etaSeconds?: number };
          if (e.type === 'step') live.set(p.name, `step ${e.step} ppl ${e.perplexity?.toFixed(0)} ETA ${formatDuration(e.etaSeconds ?? NaN)}`);
          else if (e.type === 'evaluating' || e.type === 'epoch' || e.type === 'done') live.set(p.name, e.type);
          draw();
        } catch {
          /* not an event line */
        }
      },
    });
    live.delete(p.name);
    if (s.mode === 'tty') s.io.err('\r\x1b[K');
    if (outcome.code === 130 || s.signal.aborted) return;
    const row = sweepRow(p, readResult<RunResult>(runDir), outcome.code === 0 ? 'finished without result.json' : outcome.lastError, readProgress(runDir));
    rows.push(row);
    s.onRows?.(rows);
    s.say({ type: 'run-done', ...row }, row.status === 'done' ? `done ${p.name}: test ppl ${row.testPerplexity?.toFixed(2)}, ${row.rnnParameters?.toLocaleString('en-US')} rnn params, ${formatDuration(row.seconds ?? NaN)}` : `FAILED ${p.name}: ${row.error}`);
    draw();
  }, s.signal);
  if (s.mode === 'tty') s.io.err('\r\x1b[K');
  return rows;
}
