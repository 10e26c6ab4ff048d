import type { Command } from '../framework/command.js';
import bench from './bench.js';
import corpus from './corpus.js';
import evalCommand from './eval.js';
import exportCommand from './export.js';
import generate from './generate.js';
import params from './params.js';
import predict from './predict.js';
import sweep from './sweep.js';
import train from './train.js';
import worker from './worker.js';

const all = [train, evalCommand, params, corpus, sweep, worker, generate, predict, exportCommand, bench];

/** Every subcommand, in the order `rrnn --help` lists them. */
export const commands: Command[] = all as unknown as Command[];
