/**
 * The plumbing shared by the fused cell steps (lstm-cell.ts, gru-cell.ts, rnn-cell.ts): the cpu backend's view
 * for their plain-loop kernels, the lazy registration of those kernels for `cpu`, the on/off switch
 * and the check that both kernels run on the active backend, and the custom gradient that ties a
 * forward kernel (outputs: the step's value and the saved activations `act`) to its gradient kernel.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The parts of the cpu backend these kernels touch. */
interface CpuBackendLike {
  data: { get(id: unknown): { values: tf.TypedArray } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
}
type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** What a cpu kernel of a fused step gets: its inputs, its attrs, a tensor's values and a maker of float32 outputs. */
export interface CpuKernelContext<A> {
  inputs: tf.NamedTensorInfoMap;
  attrs: A;
  values(t: tf.TensorInfo): Float32Array;
  output(shape: [number, number], values: Float32Array): tf.TensorInfo;
}

function cpuKernel<A>(f: (ctx: CpuKernelContext<A>) => tf.TensorInfo[]): tf.KernelFunc {
  const kernel = ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] => {
    const b = backend as CpuBackendLike;
    return f({
      inputs,
      attrs: attrs as unknown as A,
      values: (t) => b.data.get(t.dataId).values as Float32Array,
      output: (shape, values) => b.makeTensorInfo(shape, 'float32', values),
    });
  };
  return kernel as unknown as tf.KernelFunc;
}

/**
 * One fused step's pair of kernels, `forward` and `grad`. The forward takes `inputs` (named, in the
 * order of the step's arguments) and returns the step's value and `act`; the gradient takes the
 * value's gradient as `dyName`, the `saved` inputs and `act`, and returns one gradient per input.
 */
export interface FusedStepSpec<A> {
  forward: string;
  grad: string;
  inputs: readonly string[];
  saved: readonly string[];
  dyName: string;
  forwardCpu(ctx: CpuKernelContext<A>): tf.TensorInfo[];
  backwardCpu(ctx: CpuKernelContext<A>): tf.TensorInfo[];
}

export interface FusedStep<A> {
  /** Turns the fused step on (the default) or off for every backend. */
  setEnabled(on: boolean): void;
  /** True when both kernels are registered on the active backend and the step is not turned off. */
  active(): boolean;
  /**
   * Runs the step on `args` (in the order of `inputs`). A custom gradient, not one registered for
   * the kernel, so `act` is only saved, never an output of the op (tfjs would otherwise build a zero
   * gradient of its size for every step; on wasm that zero tensor cost more than the step).
   */
  run(args: tf.Tensor[], attrs: A): tf.Tensor2D;
  /**
   * The forward kernel alone, recording no gradient (for ops that run their own backward, such as
   * recurrence.ts): the step's value and `act` (the value itself where the forward has one output).
   */
  forward(args: tf.Tensor[], attrs: A): [tf.Tensor2D, tf.Tensor2D];
  /** The gradient kernel alone: `dy`, then the `saved` inputs and `act` in that order; one gradient per input. */
  backward(dy: tf.Tensor, saved: tf.Tensor[], attrs: A): tf.Tensor2D[];
}

const named = (names: readonly string[], ts: tf.Tensor[]) => Object.fromEntries(names.map((name, i) => [name, ts[i]])) as tf.NamedTensorMap;

export function fusedStep<A extends object>(spec: FusedStepSpec<A>): FusedStep<A> {
  let registered = false;
  let enabled = true;
  // The plain loops for `cpu`, lazily on first use (like splitRows); other backends register their own.
  const register = (): void => {
    if (registered) return;
    registered = true;
    for (const [kernelName, f] of [[spec.forward, spec.forwardCpu], [spec.grad, spec.backwardCpu]] as const) {
      if (!tf.getKernel(kernelName, 'cpu')) tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc: cpuKernel(f) });
    }
  };
  const forward: FusedStep<A>['forward'] = (args, attrs) => {
    register();
    const inputs = named(spec.inputs, args);
    // a forward with one output saves the value itself as `act` (the RNN step: its gradient reads h)
    const [value, act = value] = [tf.engine().runKernel(spec.forward, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[]].flat();
    return [value as tf.Tensor2D, act as tf.Tensor2D];
  };
  const backward: FusedStep<A>['backward'] = (dy, saved, attrs) => {
    register();
    const inputs = { [spec.dyName]: dy, ...named([...spec.saved, 'act'], saved) };
    return tf.engine().runKernel(spec.grad, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D[];
  };
  return {
    setEnabled(on) {
      enabled = on;
    },
    active() {
      if (!enabled) return false;
      register();
      const backend = tf.getBackend();
      return tf.getKernel(spec.forward, backend) != null && tf.getKernel(spec.grad, backend) != null;
    },
    run(args, attrs) {
      const step = tf.customGrad((...xs: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const save = xs[spec.inputs.length] as tf.GradSaveFunc;
        const inputs = xs.slice(0, spec.inputs.length) as tf.Tensor[];
        const [value, act] = forward(inputs, attrs);
        save([...spec.saved.map((name) => inputs[spec.inputs.indexOf(name)]), act]);
        return { value, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => backward(dy, saved, attrs) };
      });
      return step(...args) as tf.Tensor2D;
    },
    forward,
    backward,
  };
}
