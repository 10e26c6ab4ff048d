/**
 * A/B of core's whole-sequence op (recurrence.ts: one op per layer, its own backward loop, the hidden
 * weight's gradient as one product over all steps) against the same layers recorded step by step
 * (`setFusedRecurrence(false)`; the same fused cell kernels), on a full training step of the paper's
 * language model (3 x 200, tied, vocabulary 10,000, batch 80, BPTT 35, dropout 0.2, SGD with
 * clipping), one thread on wasm (or $RRNN_BACKEND). Modes alternate step by step (ab-harness.mjs).
 *
 *   pnpm build && node packages/train/bench/recurrence-ab.mjs [steps per mode, default 7] [rates, default 0,0.5,1] [cell, default lstm]
 */
/* global process */
import { fusedRecurrenceActive, setFusedRecurrence } from '@rrnn/core';
import { fusedStepAb } from './ab-harness.mjs';

const cell = process.argv[4] ?? 'lstm';
await fusedStepAb({ cell, setFused: setFusedRecurrence, fusedActive: () => fusedRecurrenceActive(cell) });
