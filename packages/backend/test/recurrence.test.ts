// Core's whole-sequence op (one op per layer with its own backward loop, recurrence.ts) on wasm with
// this package's fused step kernels, against the same layers recorded step by step: outputs, final
// states and every pool/bias gradient of 3-layer stacks, for each cell at r = 0, 0.5 and 1, nothing leaked.
import { setFusedRecurrence } from '@rrnn/core';
import { describe, it } from 'vitest';
import { expectStackOnOffAgree } from './fused-cell-helpers';

describe('whole-sequence op on wasm', () => {
  it.each((['rnn', 'gru', 'lstm'] as const).flatMap((cell) => [0, 0.5, 1].map((rate) => [cell, rate] as const)))(
    '%s r=%s: the same outputs, states and gradients as step by step',
    (cell, rate) => expectStackOnOffAgree(cell, rate, setFusedRecurrence),
  );
});
