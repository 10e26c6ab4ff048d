// The Performance page and the README claim only what the committed measurement shows: the table is
// what scripts/bench-table.mjs makes of bench.json, and every figure of the prose follows from it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const docs = resolve(__dirname, '..');
const SET = 'bench-20261201-3';
const set = join(docs, 'results', SET);
const page = readFileSync(join(docs, 'src', 'guide', 'performance.md'), 'utf8');
const readme = readFileSync(resolve(docs, '..', '..', 'README.md'), 'utf8');

interface Row { scope: string; cell: string; sharingRate: number; threads: number; tokensPerSecond: number; utilization: number; epochSeconds?: number }
interface Ref { cell: string; sharingRate: number; tokensPerSecond: number; epochSeconds?: number }
const rep = JSON.parse(readFileSync(join(set, 'bench.json'), 'utf8')) as { rows: Row[]; reference: Ref[] };
const two = (r: Ref) => rep.rows.find((x) => x.scope === 'lm' && x.cell === r.cell && x.sharingRate === r.sharingRate && x.threads === 2)!;
const range = (v: number[], f: (x: number) => string) => [f(Math.min(...v)), f(Math.max(...v))];

describe('the Performance page', () => {
  it('includes the table bench-table.mjs makes of the committed bench.json', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rrnn-bench-table-'));
    copyFileSync(join(set, 'bench.json'), join(tmp, 'bench.json'));
    execFileSync(process.execPath, [join(docs, 'scripts', 'bench-table.mjs'), tmp], { stdio: 'pipe' });
    expect(readFileSync(join(set, 'table.md'), 'utf8')).toBe(readFileSync(join(tmp, 'table.md'), 'utf8'));
    expect(page).toContain(`<!-- @include: ../../results/${SET}/table.md -->`);
  });

  it('states the measured ranges and ratios, in the page and the README', () => {
    expect(rep.reference).toHaveLength(9);
    const name = (r: Ref) => `${r.cell.toUpperCase()} r = ${r.sharingRate}`;
    // the lowest and highest of a per-model figure, as the page writes them: "1.40x (RNN r = 1) to 1.88x (GRU r = 1)"
    const span = (f: (r: Ref) => number) => {
      const v = rep.reference.map((r) => ({ r, x: f(r) })).sort((a, b) => a.x - b.x);
      const at = (e: { r: Ref; x: number }) => `${e.x.toFixed(2)}x (${name(e.r)})`;
      return { min: v[0].x, text: `${at(v[0])} to ${at(v[v.length - 1])}`, lo: v[0].x.toFixed(2), hi: v[v.length - 1].x.toFixed(2) };
    };
    const verdict = (met: boolean) => (met ? 'met' : 'not met');
    const speed = span((r) => two(r).tokensPerSecond / r.tokensPerSecond);
    expect(page).toContain(`| every model at least as fast as the reference | ${speed.text} | ${verdict(speed.min >= 1)} |`);
    expect(speed.min).toBeGreaterThanOrEqual(1); // the README's "faster than it" on every row
    expect(readme.replace(/\s+/g, ' ')).toContain(`all nine of the paper's language models, ${speed.lo}x to ${speed.hi}x`);
    const l05 = rep.reference.find((r) => r.cell === 'lstm' && r.sharingRate === 0.5)!;
    const l05x = two(l05).tokensPerSecond / l05.tokensPerSecond;
    expect(page).toContain(`| LSTM r = 0.5 at least 1.4x the reference | ${l05x.toFixed(2)}x | ${verdict(l05x >= 1.4)} |`);
    const epoch = span((r) => r.epochSeconds! / two(r).epochSeconds!);
    expect(page).toContain(`| an epoch with validation at least 1.3x faster | ${epoch.text} | ${verdict(epoch.min >= 1.3)} |`);
    const util = (threads: number) => rep.rows.filter((r) => r.scope === 'lm' && r.threads === threads).map((r) => 100 * r.utilization);
    const pct = (v: number[]) => `${Math.min(...v).toFixed(1)}-${Math.max(...v).toFixed(1)} %`;
    const allUtil = [...util(1), ...util(2)];
    expect(page).toContain(`| every row at least 65 % of the matMul rate | one thread ${pct(util(1))}; two threads ${pct(util(2))} | ${verdict(Math.min(...allUtil) >= 65)} |`);
    const gains = (['lstm', 'gru', 'rnn'] as const).map((cell) => {
      const at = (r: number) => rep.rows.find((x) => x.scope === 'lm' && x.cell === cell && x.sharingRate === r && x.threads === 2)!.tokensPerSecond;
      return { cell, x: at(1) / at(0) };
    });
    const slower = gains.filter((g) => g.x <= 1).map((g) => g.cell.toUpperCase());
    expect(page).toContain(
      `| r = 1 faster than r = 0 for every cell | ${gains.map((g) => `${g.cell.toUpperCase()} ${g.x.toFixed(2)}x`).join(', ')} | ${slower.length ? `not met (${slower.join(', ')})` : 'met'} |`,
    );
    const scale = rep.reference.map((r) => {
      const one = rep.rows.find((x) => x.scope === 'lm' && x.cell === r.cell && x.sharingRate === r.sharingRate && x.threads === 1)!;
      return two(r).tokensPerSecond / one.tokensPerSecond;
    });
    expect(page).toContain(`**Two threads** give ${range(scale, (x) => x.toFixed(2)).join('-')}x one thread`);
  });

  it('quotes the paired r = 1 against r = 0 measurements as recorded', () => {
    // lines "wasm, rnn, 2 thread(s): r = 1 926 ms/step, r = 0 987 ms/step, r0/r1 1.066, ..." and, one thread, "rnn r1 1282 r0 1342 r0/r1 1.047 ..."
    const two = [...readFileSync(join(set, 'rates-ab-2threads.txt'), 'utf8').matchAll(/, (\w+), 2 thread\(s\): r = 1 (\d+) ms\/step, r = 0 (\d+) ms\/step/g)].map((m) => ({ cell: m[1], x: Number(m[3]) / Number(m[2]) }));
    const text = page.replace(/\s+/g, ' ');
    const rnn = two.filter((t) => t.cell === 'rnn').map((t) => `${t.x.toFixed(2)}x`);
    const of = (cell: string) => `${two.find((t) => t.cell === cell)!.x.toFixed(2)}x`;
    expect(text).toContain(`r = 1 ahead of r = 0 by ${rnn.join(' and ')} in two runs (GRU ${of('gru')}, LSTM ${of('lstm')})`);
    expect(two.every((t) => t.x > 1)).toBe(true); // "restriction pays for every cell"
    const one = [...readFileSync(join(set, 'rates-ab-rnn.txt'), 'utf8').matchAll(/^rnn r1 (\d+) r0 (\d+) r0\/r1 ([\d.]+)/gm)].map((m) => m.slice(1).map(Number));
    const n = (x: number) => x.toLocaleString('en-US');
    expect(text).toContain(`r = 1 took ${n(one[0][0])} ms per step against ${n(one[0][1])} at r = 0 (r0/r1 ${one[0][2].toFixed(2)}x); before the change ${n(one[1][0])} against ${n(one[1][1])} (${one[1][2].toFixed(2)}x)`);
  });

  it('quotes the training run that checks the two-thread row', () => {
    const spans = readFileSync(join(set, 'train-threads2-events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; tokensPerSecond?: number })
      .filter((e) => e.type === 'step').map((e) => e.tokensPerSecond!);
    const [lo, hi] = range(spans.slice(1), (x) => Math.round(x).toLocaleString('en-US'));
    const l05 = rep.rows.find((x) => x.scope === 'lm' && x.cell === 'lstm' && x.sharingRate === 0.5 && x.threads === 2)!;
    expect(page.replace(/\s+/g, ' ')).toContain(`ran ${lo}-${hi} tokens/s over its 10-step spans after the first (\`train-threads2-events.jsonl\`), against this window's ${Math.round(l05.tokensPerSecond).toLocaleString('en-US')}`);
  });

  it('says rightly where speed.py\'s own figures stand against the reference column', () => {
    const speedPy = readFileSync(join(set, 'speed-py.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Ref);
    expect(speedPy).toHaveLength(9);
    const ref = (r: Ref) => rep.reference.find((x) => x.cell === r.cell && x.sharingRate === r.sharingRate)!;
    const above = speedPy.filter((r) => r.tokensPerSecond >= ref(r).tokensPerSecond);
    expect(above.map((r) => `${r.cell} ${r.sharingRate}`)).toEqual(['lstm 0', 'lstm 0.5', 'lstm 1']); // "below on the GRU and RNN rows; above on the three LSTM rows"
    for (const r of above.slice(1)) expect(r.tokensPerSecond / ref(r).tokensPerSecond).toBeLessThan(1.01); // "by less than 1 % at r = 0.5 and 1"
    const n = (x: number) => Math.round(x).toLocaleString('en-US');
    const text = page.replace(/\s+/g, ' ');
    expect(text).toContain(`on LSTM r = 0 it is above (${n(above[0].tokensPerSecond)} against ${n(ref(above[0]).tokensPerSecond)})`);
    expect(text).toContain(`rrnn's LSTM r = 0 ratio is ${(two(above[0]).tokensPerSecond / above[0].tokensPerSecond).toFixed(2)}x, not ${(two(above[0]).tokensPerSecond / ref(above[0]).tokensPerSecond).toFixed(2)}x`);
    const [lo, hi] = range(speedPy.map((r) => r.tokensPerSecond), (x) => Math.round(x).toLocaleString('en-US'));
    expect(text).toContain(`measured ${lo}-${hi} tokens/s`);
  });
});
