// The browser entry, exercised in Node: its import graph stays browser-safe,
// names are checked, the default falls back past webgpu/webgl (absent in Node)
// to wasm, and setWasmAssetPath validates and really moves where wasm loads from.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { chooseBackend, GPU_FIXED_KERNELS, registerGpuKernels, setWasmAssetPath, useBackend, WASM_FILES } from '../src/browser';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every local module reachable from `file` by static imports, with its text. */
function importGraph(file: string, seen = new Map<string, string>()): Map<string, string> {
  if (seen.has(file)) return seen;
  const text = readFileSync(file, 'utf8');
  seen.set(file, text);
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\s+'(\.[^']+)'/g)) {
    importGraph(resolve(dirname(file), `${m[1] ?? m[2]}.ts`), seen);
  }
  return seen;
}

describe('browser entry', () => {
  it('imports no Node built-ins, no process, no native tfjs packages', () => {
    const graph = importGraph(resolve(src, 'browser.ts'));
    expect([...graph.keys()].map((f) => f.slice(src.length + 1)).sort()).toEqual(
      ['activate.ts', 'blas-state.ts', 'browser.ts', 'check/self-check.ts', 'describe.ts', 'gpu_kernels.ts', 'gradients.ts', 'kernels/dropout_mask.ts', 'kernels/dropout_mask_wasm.ts', 'kernels/fused_mat_mul.ts', 'kernels/gather_v2.ts', 'kernels/gru_cell.ts', 'kernels/gru_cell_wasm.ts', 'kernels/identity.ts', 'kernels/lstm_cell.ts',
        'kernels/lstm_cell_wasm.ts', 'kernels/rnn_cell.ts', 'kernels/sgd_momentum.ts', 'kernels/sgd_momentum_wasm.ts', 'kernels/slice.ts', 'kernels/softmax_ce.ts', 'kernels/softmax_ce_wasm.ts', 'kernels/unsorted_segment_sum.ts', 'kernels/wasm_module.ts', 'names.ts', 'wasm_kernels.ts', 'webgpu.ts'],
    );
    for (const [file, text] of graph) {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/from\s+'node:|from\s+'(fs|path|os|url|module|worker_threads)'|process\.|tfjs-node/);
    }
  });

  it('rejects Node-only and unknown names, listing the browser backends', async () => {
    await expect(useBackend('node')).rejects.toThrow("backend 'node' runs only in Node; in the browser use one of: webgpu, webgl, wasm, cpu");
    await expect(useBackend('metal')).rejects.toThrow("unknown backend 'metal': valid backends in the browser are webgpu, webgl, wasm, cpu");
  });

  it('validates setWasmAssetPath arguments', () => {
    expect(() => setWasmAssetPath('  ')).toThrow('the prefix is empty');
    expect(() => setWasmAssetPath({ 'tfjs-backend-wasm.wasm': '/a.wasm' } as never)).toThrow(
      'no URL for tfjs-backend-wasm-simd.wasm, tfjs-backend-wasm-threaded-simd.wasm',
    );
  });

  it('loads the wasm binaries from the folder given to setWasmAssetPath (slash added)', async () => {
    const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
    for (const f of WASM_FILES) expect(existsSync(resolve(dist, f)), f).toBe(true);
    setWasmAssetPath(dist); // no trailing slash: `${dist}tfjs-backend-wasm-simd.wasm` would not exist
    expect(await useBackend('wasm')).toBe('wasm');
    expect(tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync())).toEqual(new Float32Array([3, 3, 3, 3]));
    expect(() => setWasmAssetPath(dist)).toThrow('already started');
  });

  it('by default falls back past webgpu and webgl (absent in Node) to wasm', async () => {
    await useBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await useBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});

describe('chooseBackend', () => {
  it('lists the backends it passed over with the reason (webgpu: no navigator.gpu in Node)', async () => {
    const choice = await chooseBackend();
    expect(choice.name).toBe('wasm');
    expect(choice.skipped.map((s) => s.name)).toEqual(['webgpu', 'webgl']);
    expect(choice.skipped[0].reason).toMatch(/backend 'webgpu' could not start: this browser exposes no WebGPU/);
    expect((await chooseBackend('cpu'))).toEqual({ name: 'cpu', skipped: [] });
  });
});

describe('registerGpuKernels', () => {
  it('wraps the webgpu and webgl kernels found wrong, once (tfjs registers their kernels at import, even without a GPU)', () => {
    expect(GPU_FIXED_KERNELS).toEqual({ webgpu: ['Cumsum', 'Prod'], webgl: ['OneHot'] });
    expect(registerGpuKernels('webgpu')).toEqual(['Cumsum', 'Prod']);
    expect(registerGpuKernels('webgl')).toEqual(['OneHot']);
    expect(registerGpuKernels('webgpu')).toEqual([]);
    expect(tf.getKernel('Cumsum', 'webgpu')).toBeDefined();
  });
});
