import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { CELLS } from '@rrnn/core/layout';
import type { Command } from '../framework/command.js';
import { parseCommandLine } from '../framework/parse.js';
import { NAMED_CORPORA } from '../training/corpus-options.js';
import type { PointArgs } from '../sweep/pool.js';
import { isWithin } from './owned.js';

/** A queue job whose settings a worker will not run; the message says why. */
export class JobRejected extends Error {
  override name = 'JobRejected';
}

/** The shape of a queued run (see queuedRun): anything else on the queue is refused. */
const jobShape = z.object({
  point: z.object({ cell: z.enum(CELLS), sharingRate: z.number().min(0).max(1), seed: z.number().int().nonnegative(), name: z.string().regex(/^[\w.-]+$/) }).strict(),
  fresh: z.array(z.string()).min(1),
  resume: z.array(z.string()).min(1),
}).strict();

/** Flags the worker sets itself or that read files other than the corpus: never from a job. */
const WORKER_ONLY = ['--config', '--out', '--resume', '--name', '--force', '--dry-run'];

/** The real path of `p` (symbolic links followed) when it exists. */
const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);

/**
 * Check one queued run before a worker trains it: the job must have the shape
 * the sweep writes, each argv must pass `rrnn train`'s own option schema, and
 * every path in it (the corpus, the data folder) must lie inside one of the
 * worker's `roots` (its data folder and the shared folder). Throws
 * {@link JobRejected} naming the problem.
 */
export function validateQueuedRun(config: unknown, o: { train: Command; roots: string[] }): PointArgs {
  const shape = jobShape.safeParse(config);
  if (!shape.success) throw new JobRejected(`job rejected: not a queued rrnn run (${shape.error.issues.map((i) => `${i.path.join('.') || 'job'}: ${i.message}`).join('; ')})`);
  const roots = o.roots.map((r) => real(resolve(r)));
  for (const argv of [shape.data.fresh, shape.data.resume]) {
    if (argv[0] !== 'train') throw new JobRejected(`job rejected: it runs "rrnn ${argv[0]}", a worker runs only rrnn train`);
    const forbidden = argv.find((a) => WORKER_ONLY.includes(a.split('=')[0]));
    if (forbidden) throw new JobRejected(`job rejected: ${forbidden.split('=')[0]} is set by the worker, not by a job`);
    let opts: Record<string, unknown>;
    try {
      const parsed = parseCommandLine(o.train, argv.slice(1), roots[0]);
      if (parsed.help) throw new Error('--help');
      if (parsed.args.length > 0) throw new Error(`unexpected argument ${parsed.args[0]}`);
      opts = parsed.opts as Record<string, unknown>;
    } catch (e) {
      throw new JobRejected(`job rejected: its rrnn train settings are invalid (${(e as Error).message.split('\n')[0]})`);
    }
    for (const key of ['corpus', 'dataDir'] as const) {
      const value = opts[key];
      if (typeof value !== 'string') continue;
      if (key === 'corpus' && (NAMED_CORPORA as readonly string[]).includes(value.toLowerCase())) continue;
      const path = real(isAbsolute(value) ? value : resolve(roots[0], value));
      if (!roots.some((r) => isWithin(path, r))) {
        throw new JobRejected(`job rejected: --${key === 'dataDir' ? 'data-dir' : key} ${value} is outside this worker's folders (${roots.join(', ')}); put the corpus in the shared folder or the worker's data folder`);
      }
    }
  }
  return { fresh: shape.data.fresh, resume: shape.data.resume };
}
