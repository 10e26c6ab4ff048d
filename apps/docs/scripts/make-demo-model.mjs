#!/usr/bin/env node
// Trains and exports the model of the prediction demo with the rrnn command (build it first:
// `pnpm build`). Run from anywhere: `node apps/docs/scripts/make-demo-model.mjs`. The exported
// folder (public/models/brown-lstm/, about 1.3 MB) is committed; rerun this only to refresh it.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const docs = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(docs, '..', '..');
const run = resolve(repo, 'runs', 'docs-brown-lstm');
const out = resolve(docs, 'public', 'models', 'brown-lstm');

export const TRAIN = [
  'train', '--corpus', 'brown', '--lowercase', '--max-vocab', '4000',
  '--cell', 'lstm', '--rate', '0.5', '--embedding', '64', '--hidden', '128', '--layers', '2', '--tied', '--dropout', '0.1',
  '--epochs', '1', '--batch', '32', '--bptt', '35', '--optimizer', 'adam', '--lr', '0.003', '--schedule', 'cosine', '--seed', '0',
];

function rrnn(args) {
  console.log(`$ pnpm rrnn ${args.join(' ')}`);
  const r = spawnSync('node', [resolve(repo, 'apps/cli/dist/bin.js'), ...args], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`rrnn ${args[0]} failed (exit ${r.status}); is the CLI built (pnpm build)?`);
}

rrnn([...TRAIN, '--out', run, '--force']);
// a standard tfjs LayersModel (tf.loadLayersModel reads it), weights stored as float16
export const EXPORT = ['--format', 'layers', '--quantize', 'float16'];
rrnn(['export', run, out, '--force', ...EXPORT]);
