/**
 * Two versions of softmax_ce.wat's `softmax_grad` (the decoder's gradient, with its transpose and
 * column sums) on the same logits, alternated in one run: each assembled from its .wat and
 * instantiated on one shared memory, medians of `reps` calls. The outputs must agree exactly.
 *
 *   git show <rev>:packages/backend/src/kernels/softmax_ce.wat > /tmp/before.wat
 *   node packages/backend/bench/softmax-grad-ab.mjs /tmp/before.wat [after=src/kernels/softmax_ce.wat] [n=1400] [reps=15]
 */
/* global console, performance, process, URL, WebAssembly */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const [beforePath, afterPath = fileURLToPath(new URL('../src/kernels/softmax_ce.wat', import.meta.url)), nArg = '1400', repsArg = '15'] = process.argv.slice(2);
if (!beforePath) throw new Error('softmax-grad-ab: give the .wat to compare against (e.g. from git show)');
const [n, V, reps] = [Number(nArg), 10_000, Number(repsArg)];
const wabt = await wabtInit();
const memory = new WebAssembly.Memory({ initial: Math.ceil((4 * n * V * 4 + 3 * 4 * (n + V)) / 65536) + 1 });
const load = (path) => {
  const m = wabt.parseWat(path, readFileSync(path, 'utf8'), { simd: true });
  const { buffer } = m.toBinary({});
  m.destroy();
  return new WebAssembly.Instance(new WebAssembly.Module(buffer), { env: { memory } }).exports;
};
const kernels = { before: load(beforePath), after: load(afterPath) };
// layout: x [n, V] | g [n, V] | gT [V, n] x 2 (one per version) | lse, rows [n] | colSum [V] x 2
const f32 = new Float32Array(memory.buffer);
const at = { x: 0, g: n * V, gT: { before: 2 * n * V, after: 3 * n * V }, lse: 4 * n * V, rows: 4 * n * V + n, col: { before: 4 * n * V + 2 * n, after: 4 * n * V + 2 * n + V } };
let s = 1;
for (let i = 0; i < n * V; i++) { s = (s * 1103515245 + 12345) >>> 0; f32[at.x + i] = (s / 2 ** 32) * 8 - 4; }
kernels.after.row_max_sumexp(at.x * 4, n, V, at.lse * 4, at.rows * 4);
for (let i = 0; i < n; i++) f32[at.lse + i] += Math.log(f32[at.rows + i]);
const call = (k) => {
  f32.fill(0, at.col[k], at.col[k] + V);
  const t = performance.now();
  kernels[k].softmax_grad(at.x * 4, n, V, at.lse * 4, 1 / n, at.g * 4, at.gT[k] * 4, at.col[k] * 4);
  return performance.now() - t;
};
const times = { before: [], after: [] };
for (let i = 0; i < reps + 2; i++) for (const k of i % 2 ? ['after', 'before'] : ['before', 'after']) { const ms = call(k); if (i >= 2) times[k].push(ms); }
const same = (a, b, len) => f32.subarray(a, a + len).every((v, i) => Object.is(v, f32[b + i]));
if (!same(at.gT.before, at.gT.after, n * V) || !same(at.col.before, at.col.after, V)) throw new Error('softmax-grad-ab: the two versions disagree');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const [b, a] = [median(times.before), median(times.after)];
console.log(`softmax_grad [${n}, ${V}] with transpose and column sums: before ${b.toFixed(1)} ms, after ${a.toFixed(1)} ms, ${(b / a).toFixed(2)}x (outputs identical)`);
