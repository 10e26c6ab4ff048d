import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainConfig } from '@rrnn/train';
import { CHECKPOINT_FILES, makeDir, RUN_CHECKPOINTS } from '@rrnn/train/layout';
import { RuntimeError } from '../framework/errors.js';
import { assertUnlocked } from '../safety/lock.js';
import { clearOwned, RUN_MARKER } from '../safety/owned.js';
import type { CorpusChoice } from './corpus-options.js';

/**
 * A run folder, as the CLI lays it out:
 *
 *   run.json      how the run was started: corpus choice, backend, config (for eval and resume)
 *   events.jsonl  every training event, one JSON object a line (the metrics log)
 *   last/ best/   checkpoints written by @rrnn/train
 *   result.json   written when training and the test evaluation finished (a sweep's "done" marker)
 */
export const RUN_FILES = { info: 'run.json', events: 'events.jsonl', result: 'result.json' } as const;

/** Contents of run.json. */
export interface RunInfo {
  format: 'rrnn-run';
  name: string;
  corpus: CorpusChoice;
  backend: string;
  config: TrainConfig;
  createdAt: string;
}

/**
 * Make `dir` an empty run folder. An existing non-empty one is an error unless
 * `force`, and even then it is replaced only when it is an rrnn run folder that
 * no other process is training and that holds neither the working directory
 * nor the corpus. An unwritable place fails at once, naming the folder.
 */
export async function prepareRunDir(dir: string, o: { force: boolean; cwd: string; sources?: string[] }): Promise<void> {
  if (existsSync(dir)) assertUnlocked(dir);
  clearOwned(dir, {
    ...o, marker: RUN_MARKER, flag: '--force',
    hint: `pass --force to overwrite it, --resume ${dir} to continue it, or --name to pick another`,
  });
  await makeDir(dir);
}

/** Write a JSON file atomically (write, then rename). */
export function writeJson(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

/** Read a run's run.json; the error names the folder and what to do. */
export function readRunInfo(dir: string): RunInfo {
  const path = join(dir, RUN_FILES.info);
  if (!existsSync(path)) throw new RuntimeError(`${dir} is not an rrnn run folder (no ${RUN_FILES.info}); give a folder made by rrnn train`);
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as RunInfo;
    if (info.format !== 'rrnn-run') throw new Error('wrong format field');
    return info;
  } catch (err) {
    throw new RuntimeError(`${path} is corrupt (${(err as Error).message})`);
  }
}

/** The result of a finished run, or undefined. */
export function readResult<T>(dir: string): T | undefined {
  const path = join(dir, RUN_FILES.result);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Whether the folder holds a checkpoint to resume from. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, RUN_CHECKPOINTS.last, CHECKPOINT_FILES.model));
}
