import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Io } from '../framework/command.js';
import { RuntimeError, UsageError } from '../framework/errors.js';
import { flag, text } from '../framework/values.js';
import { textTable } from '../format/table.js';
import type { GridPoint } from './grid.js';
import { sweepRow, type SweepRow } from './results.js';
import type { RunResult } from '../training/evaluate.js';
import { loadQueue, queuedRun, type QueuedRun, type RunStatus } from './queue-run.js';

/** The options `rrnn sweep` gains for queued sweeps (spread into its option table). */
export const queueOptions = {
  queue: { kind: 'string', arg: '<redis://host:port/db>', help: 'enqueue the runs on this Redis (BullMQ) for `rrnn worker`s instead of training here; the sweep id is the --out folder name', schema: text().optional() },
  status: { kind: 'boolean', help: 'with --queue: show done / running / waiting / failed runs of the queued sweep', schema: flag().default(false) },
  collect: { kind: 'boolean', help: 'with --queue: write results.csv/.jsonl/.md and the chart into --out from the queued sweep', schema: flag().default(false) },
  wait: { kind: 'boolean', help: 'with --collect: wait until no run is waiting or running', schema: flag().default(false) },
} as const;

/** What `rrnn sweep` hands over in queue mode. */
export interface QueueSweep {
  opts: { queue?: string; status: boolean; collect: boolean; wait: boolean };
  /** Names the sweep on the queue and its folder under each worker's shared folder. */
  sweepId: string;
  points: GridPoint[];
  /** The per-run `rrnn train` settings of a local sweep, and those it passes with `--resume`. */
  trainArgs: string[];
  resumeArgs: string[];
  io: Io;
  /** The sweep's writer of results.csv/.jsonl/.md and the chart, given the rows (on --collect). */
  write: (rows: SweepRow[]) => SweepRow[];
  /** The folder results are written to. */
  dir: string;
}

const ppl = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2));

function statusLine(r: RunStatus<QueuedRun, RunResult>): string[] {
  const p = r.progress;
  const where = r.state === 'running' && p ? `step ${p.step}${p.startStep > 0 ? ` (resumed at ${p.startStep})` : ''}, train ppl ${ppl(p.perplexity)} on ${p.worker}` : '';
  return [r.name, r.state, String(r.attempts), ppl(r.outcome?.testPerplexity), r.error && r.state !== 'done' ? r.error : where];
}

/**
 * `rrnn sweep --queue <url>`: submit the grid (runs already queued or
 * finished are not added again), or with `--status` print where each run
 * stands, or with `--collect` write the same results a local sweep writes.
 */
export async function queueSweep(q: QueueSweep): Promise<number> {
  const { opts, io } = q;
  if (!opts.queue) throw new UsageError('--status and --collect read a queued sweep: add --queue redis://host:port/db');
  if (opts.status && opts.collect) throw new UsageError('--status and --collect: pick one');
  if (opts.wait && !opts.collect) throw new UsageError('--wait goes with --collect');
  const queue = await loadQueue();
  if (opts.status) {
    const s = await queue.sweepStatus<QueuedRun, RunResult>(opts.queue, q.sweepId);
    io.out(textTable(['run', 'state', 'tries', 'test ppl', 'progress / error'], s.runs.map(statusLine)));
    io.out(`\nsweep ${q.sweepId}: ${s.counts.done} done, ${s.counts.running} running, ${s.counts.waiting} waiting, ${s.counts.failed} failed\n`);
    return 0;
  }
  if (opts.collect) {
    const points = new Map(q.points.map((p) => [p.name, p]));
    const s = await queue.collectSweep<QueuedRun, RunResult>(opts.queue, q.sweepId, {
      wait: opts.wait,
      write: (runs) => void q.write(runs.map((r) => sweepRow(points.get(r.name) ?? r.config.point, r.outcome?.result, r.error))),
    });
    io.out(readFileSync(join(q.dir, 'results.md'), 'utf8'));
    io.out(`\nwrote ${join(q.dir, 'results.csv')}, results.jsonl, results.md and the chart: ${s.counts.done} done, ${s.counts.failed} failed, ${s.counts.running + s.counts.waiting} not finished\n`);
    if (s.counts.failed > 0) throw new RuntimeError(`${s.counts.failed} run(s) of sweep ${q.sweepId} failed (see --status); submit the sweep again to retry them`);
    return 0;
  }
  const report = await queue.enqueueSweep(opts.queue, q.points.map((p) => queuedRun(p, q.trainArgs, q.resumeArgs)), { sweepId: q.sweepId });
  io.out(`sweep ${q.sweepId} on ${opts.queue}: ${report.added.length} run(s) queued, ${report.existing.length} already queued or finished, ${report.retried.length} failed run(s) queued again\n`);
  io.out(`start workers with: rrnn worker --queue ${opts.queue} --shared <shared folder>; then --status / --collect with this command\n`);
  return 0;
}
