import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Vocabulary } from '@rrnn/data';
import type { LanguageModel, TrainConfig } from '@rrnn/train';
import { RuntimeError } from '../framework/errors.js';
import { readRunInfo, RUN_FILES, type RunInfo } from './run-dir.js';

/** A trained model ready to use, with its run's metadata when the folder is a run folder. */
export interface OpenedRun {
  dir: string;
  model: LanguageModel;
  vocab: Vocabulary;
  config: TrainConfig;
  info?: RunInfo;
  backend: string;
  dispose(): void;
}

/**
 * Ready the backend (flag, else the run's, else the default) and load the
 * model of a run folder (its best checkpoint, else its last) or of a
 * checkpoint/export folder.
 */
export async function openRun(path: string, cwd: string, backendFlag?: string): Promise<OpenedRun> {
  const dir = resolve(cwd, path);
  if (!existsSync(dir)) throw new RuntimeError(`${dir} does not exist: give a run folder made by rrnn train (runs/<name>)`);
  const info = existsSync(join(dir, RUN_FILES.info)) ? readRunInfo(dir) : undefined;
  const [{ useBackend }, { disposeLanguageModel }, { loadRun }] = await Promise.all([import('@rrnn/backend'), import('@rrnn/train'), import('@rrnn/train/node')]);
  const backend = await useBackend(backendFlag ?? info?.backend);
  const { model, vocab, config } = await loadRun(dir);
  return { dir, model, vocab, config, info, backend, dispose: () => disposeLanguageModel(model) };
}
