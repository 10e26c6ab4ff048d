/**
 * Does restriction pay in the language model? The paper's model (ab-harness.mjs sizes) at r = 1 and
 * at r = 0, both in one process, steps alternating so that drift in the machine's speed hits both:
 * median ms/step of each, r0/r1, and the median paired difference (r1 step minus the r0 step next to it).
 *
 *   pnpm build && node packages/train/bench/rates-ab.mjs [cell, default rnn] [runs per rate, default 9]
 *
 * One thread, wasm (or $RRNN_BACKEND). Plain JavaScript on the built packages.
 */
/* global console, process */
import { useBackend } from '@rrnn/backend';
import { alternate, paperLm, timesLine } from './ab-harness.mjs';

const cell = process.argv[2] ?? 'rnn';
const runs = Number(process.argv[3] ?? 9);
const backend = await useBackend(process.env.RRNN_BACKEND ?? 'wasm');
const r1 = paperLm(cell, 1);
const r0 = paperLm(cell, 0);
const { times, on, off, paired } = alternate(runs, (one) => (one ? r1 : r0).step());
console.log(`${backend}, ${cell}: r = 1 ${on.toFixed(0)} ms/step, r = 0 ${off.toFixed(0)} ms/step, r0/r1 ${(off / on).toFixed(3)}, paired difference ${paired.toFixed(0)} ms`);
console.log(timesLine(times, ['r1', 'r0']));
r1.dispose();
r0.dispose();
