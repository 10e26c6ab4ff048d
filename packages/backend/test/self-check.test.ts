// The start-up self-check passes on working backends and names the probe a
// broken kernel fails; the webgpu read guard throws instead of reading zeros.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { guardWebGPUReads, measuredFloatBits, selfCheck, SyncReadError, useBackend } from '../src/browser';

const BROKEN = 'rrnn-test-broken';

/** Round to 4 significant digits: storage as coarse as 16-bit floats (11-bit mantissa). */
const coarse = (v: number) => (v === 0 ? 0 : Number(v.toPrecision(4)));

/** A cpu backend under another name whose Sigmoid returns zeros and whose Add stores 16-bit-like floats (GPU bugs, in miniature). */
function registerBrokenBackend(): void {
  tf.registerBackend(BROKEN, () => new MathBackendCPU());
  for (const k of tf.getKernelsForBackend('cpu')) {
    if (k.kernelName === tf.Sigmoid) {
      tf.registerKernel({
        kernelName: tf.Sigmoid, backendName: BROKEN,
        kernelFunc: ({ inputs, backend }) => {
          const x = inputs.x as tf.TensorInfo;
          return (backend as MathBackendCPU).makeTensorInfo(x.shape, 'float32', new Float32Array(tf.util.sizeFromShape(x.shape)));
        },
      });
    } else if (k.kernelName === tf.Add) {
      tf.registerKernel({
        kernelName: tf.Add, backendName: BROKEN,
        kernelFunc: (args) => {
          const out = k.kernelFunc(args) as tf.TensorInfo;
          const cpu = args.backend as MathBackendCPU;
          const values = Float32Array.from(cpu.readSync(out.dataId) as Float32Array, coarse);
          cpu.disposeData(out.dataId);
          return cpu.makeTensorInfo(out.shape, 'float32', values);
        },
      });
    } else {
      tf.registerKernel({ ...k, backendName: BROKEN });
    }
  }
}

afterAll(() => {
  if (tf.findBackend(BROKEN)) tf.removeBackend(BROKEN);
});

describe('selfCheck', () => {
  it.each(['cpu', 'wasm'])('passes on %s', async (name) => {
    await useBackend(name);
    expect(await selfCheck()).toBe('');
    expect(await measuredFloatBits()).toBe(32);
  });

  it('names the probe a broken kernel fails', async () => {
    registerBrokenBackend();
    await tf.setBackend(BROKEN);
    expect(await selfCheck()).toMatch(/^sigmoid, tanh computes wrong numbers \(value 0 is 0, not 0\.62/);
    expect(await measuredFloatBits()).toBe(16); // (1 + 2^-20) stored coarsely is 1
    await useBackend('cpu');
  });
});

describe('guardWebGPUReads', () => {
  it('throws SyncReadError for data only on the GPU, returns data kept on the CPU', () => {
    const onGpu = {};
    const onCpu = {};
    const values = new Float32Array([1, 2]);
    const fake = {
      tensorMap: new Map<object, { values: Float32Array | null; dtype: string }>([[onGpu, { values: null, dtype: 'float32' }], [onCpu, { values, dtype: 'float32' }]]),
      readSync: (id: object) => (id === onGpu ? new Float32Array([0, 0]) : values), // the stock path: zeros from the GPU
    };
    expect(guardWebGPUReads(fake as unknown as tf.KernelBackend)).toBe(true);
    expect(guardWebGPUReads(fake as unknown as tf.KernelBackend)).toBe(false); // idempotent
    expect(() => fake.readSync(onGpu)).toThrow(SyncReadError);
    expect(() => fake.readSync(onGpu)).toThrow(/await tensor\.data\(\)/);
    expect(fake.readSync(onCpu)).toBe(values);
  });
});
