#!/usr/bin/env node
// Runs before `vitepress dev` and `vitepress build`:
// 1. copies the tfjs wasm backend's binaries into public/wasm/ (served next to the pages; the
//    demos point `setWasmAssetPath` there), and
// 2. generates the API reference (src/api/) from the packages' TSDoc with TypeDoc +
//    typedoc-plugin-markdown (config: ../typedoc.json).
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application } from 'typedoc';

const docs = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function copyWasm() {
  // resolved through @rrnn/backend, which owns the wasm backend dependency
  const backendRequire = createRequire(resolve(docs, '../../packages/backend/package.json'));
  const wasmDist = dirname(backendRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const from = resolve(wasmDist, 'dist');
  const to = resolve(docs, 'public', 'wasm');
  mkdirSync(to, { recursive: true });
  const files = readdirSync(from).filter((f) => f.endsWith('.wasm'));
  if (files.length === 0) throw new Error(`no .wasm files in ${from}: is @tensorflow/tfjs-backend-wasm installed? run pnpm install`);
  for (const f of files) copyFileSync(resolve(from, f), resolve(to, f));
  console.log(`prepare: copied ${files.length} wasm binaries to public/wasm/`);
}

async function apiReference() {
  const out = resolve(docs, 'src', 'api');
  rmSync(out, { recursive: true, force: true });
  const app = await Application.bootstrapWithPlugins({ options: resolve(docs, 'typedoc.json') });
  const project = await app.convert();
  if (!project) throw new Error('TypeDoc could not convert the packages (see the messages above)');
  await app.generateOutputs(project);
  console.log(`prepare: API reference written to src/api/`);
}

copyWasm();
await apiReference();
