// useBackend in Node: default, names, RRNN_BACKEND, and the native backends'
// errors, both for real (@tensorflow/tfjs-node is not installed here) and
// through an injected loader.
import { createRequire } from 'node:module';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBackend, gradientsRegistered, useBackend, type PackageLoader } from '../src/index';

const VALID = 'wasm, cpu, node, node-gpu';

afterEach(() => {
  delete process.env.RRNN_BACKEND;
});

describe('useBackend (Node)', () => {
  it('defaults to wasm and readies it', async () => {
    delete process.env.RRNN_BACKEND;
    expect(await useBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const info = await describeBackend();
    expect(info).toMatchObject({ name: 'wasm', tfjsName: 'wasm', threads: 1, multithread: false, floatPrecision: 32 });
    expect(typeof info.simd).toBe('boolean');
  });

  it('starts cpu, by any casing', async () => {
    expect(await useBackend('CPU')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await describeBackend()).toMatchObject({ name: 'cpu', threads: 1, simd: false });
  });

  it('registers tfjs gradients and chained tensor methods on import', () => {
    expect(gradientsRegistered()).toBe(true);
    const [shape, prodGrad] = tf.tidy(() => [
      tf.tensor1d([1, 2, 3, 4]).reshape([2, 2]).shape,
      Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.prod(x, 1)))(tf.tensor2d([[1, 2, 3], [4, 5, 6]])).dataSync()), // Prod's gradient calls t.reshape()
    ]);
    expect(shape).toEqual([2, 2]);
    expect(prodGrad).toEqual([6, 3, 2, 30, 24, 20]);
    const g = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(x, x)))(tf.tensor1d([1, -2, 3])).dataSync()));
    expect(g).toEqual([2, -4, 6]);
  });

  it('takes its default from RRNN_BACKEND, which an explicit name overrides', async () => {
    await useBackend('wasm');
    process.env.RRNN_BACKEND = 'cpu';
    expect(await useBackend()).toBe('cpu');
    expect(await useBackend('wasm')).toBe('wasm');
    process.env.RRNN_BACKEND = 'gpu';
    await expect(useBackend()).rejects.toThrow(`RRNN_BACKEND=gpu: unknown backend 'gpu': valid backends in Node are ${VALID}`);
  });

  it('lists the valid backends for an unknown name, and rejects browser-only ones', async () => {
    await expect(useBackend('tpu')).rejects.toThrow(`unknown backend 'tpu': valid backends in Node are ${VALID}`);
    await expect(useBackend('webgl')).rejects.toThrow(`backend 'webgl' runs only in a browser; in Node use one of: ${VALID}`);
  });
});

describe('native backends', () => {
  it('are really absent here (so the next tests hit the real import)', () => {
    const require = createRequire(import.meta.url);
    expect(() => require.resolve('@tensorflow/tfjs-node')).toThrow();
    expect(() => require.resolve('@tensorflow/tfjs-node-gpu')).toThrow();
  });

  it("missing @tensorflow/tfjs-node: says what to add and that it downloads libtensorflow; backend unchanged", async () => {
    await useBackend('cpu');
    const err = (await useBackend('node').catch((e: Error) => e)) as Error;
    expect(err.message).toContain('needs @tensorflow/tfjs-node, which is not installed');
    expect(err.message).toContain('pnpm add @tensorflow/tfjs-node');
    expect(err.message).toContain('downloads libtensorflow');
    expect(err.message).toContain('network');
    expect(err.message).not.toContain('CUDA');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('missing @tensorflow/tfjs-node-gpu: also says it needs CUDA/cuDNN on Linux x64', async () => {
    const err = (await useBackend('node-gpu').catch((e: Error) => e)) as Error;
    expect(err.message).toContain('pnpm add @tensorflow/tfjs-node-gpu');
    expect(err.message).toContain('downloads libtensorflow');
    expect(err.message).toMatch(/Linux x64.*CUDA and cuDNN/);
  });

  it('injected loader: not-found error becomes the install hint; other failures are reported as such', async () => {
    const asked: string[] = [];
    const notFound: PackageLoader = async (pkg) => {
      asked.push(pkg);
      throw Object.assign(new Error(`Cannot find package '${pkg}' imported from /app/x.js`), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    await expect(useBackend('node', { load: notFound })).rejects.toThrow('pnpm add @tensorflow/tfjs-node`');
    await expect(useBackend('node-gpu', { load: notFound })).rejects.toThrow('CUDA and cuDNN');
    expect(asked).toEqual(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);

    const broken: PackageLoader = async () => {
      throw new Error('libtensorflow.so.2: cannot open shared object file');
    };
    await expect(useBackend('node', { load: broken })).rejects.toThrow(
      "backend 'node': @tensorflow/tfjs-node is installed but failed to load: libtensorflow.so.2: cannot open shared object file",
    );
  });

  it('injected loader: a package that registers the tensorflow backend makes node run', async () => {
    const fakeTfjsNode: PackageLoader = async () => {
      tf.registerBackend('tensorflow', () => new MathBackendCPU());
    };
    try {
      expect(await useBackend('node', { load: fakeTfjsNode })).toBe('node');
      expect(tf.getBackend()).toBe('tensorflow');
      expect((await describeBackend()).name).toBe('node');
    } finally {
      await useBackend('cpu');
      tf.removeBackend('tensorflow');
    }
  });

  it('injected loader that registers nothing: node fails to start, naming the backend', async () => {
    await expect(useBackend('node', { load: async () => undefined })).rejects.toThrow("backend 'node' could not start");
  });
});
