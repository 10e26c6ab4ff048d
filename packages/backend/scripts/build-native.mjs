#!/usr/bin/env node
// Build the optional native addon (native/blas.c + softmax_ce.c -> dist/blas.node) with the system's C
// compiler against Node's own headers. Optional: where either is missing, say so and leave the
// wasm backend on its own products (exit 0). Runs after tsup (whose clean empties dist/).
/* global console, process */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(pkg, 'dist', 'blas.node');
const headerDirs = [
  process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
  resolve(dirname(process.execPath), '..', 'include', 'node'),
  '/usr/include/node',
  '/usr/local/include/node',
].filter(Boolean);
const headers = headerDirs.find((d) => existsSync(join(d, 'node_api.h')));
const cc = process.env.CC || 'cc';
const skip = (why) => {
  console.log(`@rrnn/backend: native BLAS addon not built (${why}); wasm will multiply on its own`);
  process.exit(0);
};
if (process.platform !== 'linux') skip(`only built on Linux, not ${process.platform}`);
if (!headers) skip(`Node's node_api.h not found in ${headerDirs.join(', ')}`);
mkdirSync(dirname(out), { recursive: true });
const args = ['-O2', '-Wall', '-Wextra', '-shared', '-fPIC', `-I${headers}`, join(pkg, 'native', 'blas.c'), join(pkg, 'native', 'softmax_ce.c'), '-o', out, '-ldl', '-lm'];
const r = spawnSync(cc, args, { stdio: ['ignore', 'inherit', 'inherit'] });
if (r.error) skip(`${cc}: ${r.error.message}`);
if (r.status !== 0) {
  console.error(`@rrnn/backend: ${cc} ${args.join(' ')} failed (exit ${r.status})`);
  process.exit(1);
}
console.log(`@rrnn/backend: built ${out}`);
