// The Performance page and the README claim only what the committed measurement shows: the table is
// what scripts/bench-table.mjs makes of bench.json, and every figure of the prose follows from it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const docs = resolve(__dirname, '..');
const set = join(docs, 'results', 'bench-20261201');
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
    expect(page).toContain('<!-- @include: ../../results/bench-20261201/table.md -->');
  });

  it('states the measured ranges and ratios, in the page and the README', () => {
    expect(rep.reference).toHaveLength(9);
    const speed = rep.reference.map((r) => two(r).tokensPerSecond / r.tokensPerSecond);
    const [lo, hi] = range(speed, (x) => `${x.toFixed(2)}x`);
    expect(Math.min(...speed)).toBeGreaterThanOrEqual(1); // "faster than the reference" on every row
    expect(page).toContain(`| every model at least as fast as the reference | ${lo} (RNN r = 0.5) to ${hi} (LSTM r = 1) | met |`);
    expect(readme.replace(/\s+/g, ' ')).toContain(`all nine of the paper's language models, ${lo} to ${hi}`);
    const l05 = rep.reference.find((r) => r.cell === 'lstm' && r.sharingRate === 0.5)!;
    expect(page).toContain(`| LSTM r = 0.5 at least 1.4x the reference | ${(two(l05).tokensPerSecond / l05.tokensPerSecond).toFixed(2)}x | not met |`);
    const epoch = rep.reference.map((r) => r.epochSeconds! / two(r).epochSeconds!);
    const [elo, ehi] = range(epoch, (x) => `${x.toFixed(2)}x`);
    expect(page).toContain(`${elo} (RNN r = 0.5) to ${ehi} (LSTM r = 1); only LSTM r = 1 | not met |`);
    expect(epoch.filter((x) => x >= 1.3)).toHaveLength(1);
    const util = (threads: number) => range(rep.rows.filter((r) => r.scope === 'lm' && r.threads === threads).map((r) => r.utilization), (x) => (100 * x).toFixed(1));
    expect(page).toContain(`one thread ${util(1).join('-')} %; two threads ${util(2).join('-')} %`);
    for (const [cell, name] of [['lstm', 'LSTM'], ['gru', 'GRU'], ['rnn', 'RNN']]) {
      const at = (r: number) => rep.rows.find((x) => x.scope === 'lm' && x.cell === cell && x.sharingRate === r && x.threads === 2)!.tokensPerSecond;
      expect(at(1)).toBeGreaterThan(at(0));
      expect(page).toContain(`${name} ${(at(1) / at(0)).toFixed(2)}x`);
    }
    const scale = rep.reference.map((r) => {
      const one = rep.rows.find((x) => x.scope === 'lm' && x.cell === r.cell && x.sharingRate === r.sharingRate && x.threads === 1)!;
      return two(r).tokensPerSecond / one.tokensPerSecond;
    });
    expect(page).toContain(`Two threads give ${range(scale, (x) => x.toFixed(2)).join('-')}x one thread`);
  });

  it('says rightly that speed.py\'s own figures are below the reference column', () => {
    const speedPy = readFileSync(join(set, 'speed-py.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Ref);
    expect(speedPy).toHaveLength(9);
    for (const r of speedPy) expect(r.tokensPerSecond).toBeLessThan(rep.reference.find((x) => x.cell === r.cell && x.sharingRate === r.sharingRate)!.tokensPerSecond);
    const [lo, hi] = range(speedPy.map((r) => r.tokensPerSecond), (x) => Math.round(x).toLocaleString('en-US'));
    expect(page.replace(/\s+/g, ' ')).toContain(`measured ${lo}-${hi} tokens/s`);
  });
});
