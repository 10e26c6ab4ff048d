/**
 * @packageDocumentation
 * Benchmark building blocks shared by `rrnn bench` and this package's bench scripts: the backend's
 * raw matrix-product rate, one training step of our layer and of tfjs-layers' own layer.
 * Entry `@rrnn/core/bench`; the tfjs-layers timing loads the optional peer `@tensorflow/tfjs-layers`.
 */
export { bestSeconds, type TimingOptions } from './bench/timing';
export { matMulRates, modelMatMulShapes, type MatMulRate, type MatMulShape } from './bench/matmul-probe';
export { rrnnLayerSecondsPerStep, type LayerBenchSizes } from './bench/layer-step';
export { tfjsLayerSecondsPerStep } from './bench/tfjs-layer-step';
