/**
 * Benchmark (not a test): stream WikiText-2 train from disk, tokenize, intern,
 * build the vocabulary and remap to final ids; print tokens/s and peak memory.
 *
 *   pnpm --filter @rrnn/data bench                 # WikiText-2 train once
 *   pnpm --filter @rrnn/data bench -- --repeat 50  # ~104M tokens: WikiText-103 scale
 *
 * `--repeat N` streams the same file N times into one id buffer, which
 * exercises the memory path of a WikiText-103-sized split (the type table
 * stays at WikiText-2's 33k types; WikiText-103's 267k types add ~30 MB).
 */
import { join } from 'node:path';
import { buildVocabulary, countIds, idBuffer, idsOf, lineInterner, remapIds, tokenTable } from '../src/index';
import { defaultDataDir, readSplit } from '../src/node';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const repeat = Number(arg('--repeat', '1'));
const path = arg('--file', join(defaultDataDir(), 'wikitext-2', 'wiki.train.tokens'));
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

let peakHeap = 0;
let peakExternal = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakExternal = Math.max(peakExternal, m.arrayBuffers);
};
const timer = setInterval(sample, 5);
const rss0 = process.memoryUsage().rss;

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const table = tokenTable();
const intern = lineInterner();
const buf = idBuffer();
for (let r = 0; r < repeat; r++) await readSplit(path, table, intern, buf);
const t1 = performance.now();
const ids = idsOf(buf);
const { vocab, remap } = buildVocabulary(table.types, countIds(ids, table.types.length));
remapIds(ids, remap);
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
sample();
clearInterval(timer);

const seconds = (t2 - t0) / 1000;
console.log(`file          ${path}${repeat > 1 ? ` x ${repeat}` : ''}`);
console.log(`tokens        ${ids.length.toLocaleString('en-US')} (vocabulary ${vocab.tokens.length.toLocaleString('en-US')})`);
console.log(`time          ${seconds.toFixed(3)} s (read+tokenize+intern ${((t1 - t0) / 1000).toFixed(3)} s, vocabulary+remap ${((t2 - t1) / 1000).toFixed(3)} s)`);
console.log(`cpu time      ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s (user ${(cpu.user / 1e6).toFixed(3)} s; wall > cpu when other processes compete for the cores)`);
console.log(`throughput    ${(ids.length / seconds / 1e6).toFixed(2)} M tokens/s`);
console.log(`peak memory   RSS ${mb(process.resourceUsage().maxRSS * 1024)} (start ${mb(rss0)}), JS heap ${mb(peakHeap)}, array buffers ${mb(peakExternal)} (sampled every 5 ms)`);
console.log(`ids           ${mb(ids.byteLength)} (4 bytes per token)`);
