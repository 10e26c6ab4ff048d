import { availableParallelism } from 'node:os';
import { makeDir } from '@rrnn/train/layout';
import { resolve } from 'node:path';
import { defineCommand } from '../framework/command.js';
import { RuntimeError } from '../framework/errors.js';
import { flag, posInt, text } from '../framework/values.js';
import { hasCheckpoint } from '../training/run-dir.js';
import { loadQueue, trainQueuedRun, type QueuedRun } from '../sweep/queue-run.js';

export default defineCommand({
  name: 'worker',
  summary: 'Train the runs of `rrnn sweep --queue` sweeps: pull them from the Redis queue, checkpoint into a shared folder, resume runs other workers left.',
  args: [],
  options: {
    queue: { kind: 'string', arg: '<redis://host:port/db>', help: 'the Redis holding the sweep queue (required)', schema: text() },
    shared: { kind: 'string', arg: '<dir>', help: 'the folder every worker shares (network file system); runs go to <dir>/<sweep>/<run> (required)', schema: text() },
    data: { kind: 'string', arg: '<dir>', help: 'this worker\'s data folder: job corpora must lie in it or in --shared (default: $RRNN_DATA_DIR, ../shared/data beside the repository, or ~/.cache/rrnn/data)', schema: text().optional() },
    concurrency: { kind: 'string', short: 'j', arg: '<n>', help: 'runs trained at once, one process each on its share of the cores', schema: posInt().default(1) },
    json: { kind: 'boolean', help: 'print one JSON object per worker event line', schema: flag().default(false) },
  },
  notes: [
    'Every job is checked before it runs: it must pass rrnn train\'s own option schema, and its corpus must lie in --shared or --data; anything else fails with the reason.',
    'Redis must never be exposed: whoever can write to it can queue jobs for every worker. Keep it on a private network, set a password (redis://:PASSWORD@host:6379/0) and use rediss:// for TLS.',
  ],
  examples: [
    'rrnn worker --queue redis://10.0.0.5:6379/0 --shared /mnt/sweeps -j 2',
    'rrnn worker --queue rediss://:PASSWORD@queue.internal:6380/0 --shared /mnt/sweeps   # password and TLS',
  ],
  async run({ opts, io, signal }) {
    const { runWorker } = await loadQueue();
    const sharedDir = resolve(io.cwd, opts.shared);
    await makeDir(sharedDir);
    const dataDir = opts.data ? resolve(io.cwd, opts.data) : (await import('@rrnn/data/node')).defaultDataDir();
    let failedStart: unknown;
    const handle = runWorker<QueuedRun, unknown>(opts.queue, {
      sharedDir, concurrency: opts.concurrency, hasCheckpoint,
      runJob: (ctx) => trainQueuedRun(ctx, sharedDir, Math.max(1, Math.floor(availableParallelism() / opts.concurrency)), [sharedDir, dataDir]),
      onEvent: (e) => {
        if (opts.json) return io.out(`${JSON.stringify(e.type === 'done' ? { ...e, outcome: { ...e.outcome, result: undefined } } : e)}\n`);
        if (e.type === 'start') io.err(`${e.resume ? 'resuming' : 'starting'} ${e.name} (try ${e.attempt}) in ${e.runDir}\n`);
        else if (e.type === 'done') io.err(`done ${e.name}: test ppl ${e.outcome.testPerplexity.toFixed(2)}\n`);
        else if (e.type === 'failed') io.err(`${e.final ? 'FAILED' : 'error, will retry'} ${e.name} (try ${e.attempt}): ${e.error}\n`);
        else io.err(`stopped ${e.name}: back on the queue\n`);
      },
    });
    try {
      const timeout = new Promise((_, fail) => setTimeout(() => fail(new Error('no answer in 15 s')), 15_000).unref());
      await Promise.race([handle.worker.waitUntilReady(), timeout]);
    } catch (err) {
      failedStart = err;
    }
    if (failedStart) {
      await handle.close().catch(() => undefined);
      throw new RuntimeError(`cannot reach the queue at ${opts.queue}: ${(failedStart as Error).message}; is redis-server running there?`);
    }
    io.err(`worker ready on ${opts.queue}, ${opts.concurrency} at a time, runs in ${sharedDir}; Ctrl-C to stop (running runs checkpoint and go back on the queue)\n`);
    await new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })));
    await handle.close();
    return 130;
  },
});
