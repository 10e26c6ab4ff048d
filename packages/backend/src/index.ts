/** @packageDocumentation Pick and ready a TensorFlow.js backend (wasm, cpu, node, node-gpu; webgpu, webgl in browsers) and fill the kernels wasm lacks for training. */
export const PACKAGE = '@rrnn/backend';
