/**
 * A/B of core's fused RNN step (kernels RrnnRnnCell / RrnnRnnCellGrad: tanh and its gradient) against the tfjs ops path
 * (`setFusedRnnCell(false)`), on a full training step of the paper's language model: 3 x 200 RNN,
 * tied, vocabulary 10,000, batch 80, BPTT 35, dropout 0.2, SGD with clipping (the sizes of
 * `rrnn bench --scope lm`), one thread on wasm (or $RRNN_BACKEND).
 * The two modes alternate step by step on the same model, so drift in the machine's speed hits both;
 * prints the median ms/step of each, their ratio, the median of the paired differences (each fused
 * step minus the ops step next to it: robust to that drift), and the kernels one step runs in each mode.
 *
 *   pnpm build && node packages/train/bench/rnn-fused-ab.mjs [steps per mode, default 7] [rates, default 0,0.5,1]
 *
 * Plain JavaScript on the built packages (the workspace has no TypeScript runner); the harness is ab-harness.mjs.
 */
import { fusedRnnCellActive, setFusedRnnCell } from '@rrnn/core';
import { fusedStepAb } from './ab-harness.mjs';

await fusedStepAb({ cell: 'rnn', setFused: setFusedRnnCell, fusedActive: fusedRnnCellActive });
