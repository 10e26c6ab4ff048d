// The Performance page and the README claim only what the committed measurement shows: the table is
// what scripts/bench-table.mjs makes of bench.json, and every figure of the prose follows from it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const docs = resolve(__dirname, '..');
// the page's two windows (bursts, the reference before and after rrnn), one after the other
const SETS = ['bench-20261202-2', 'bench-20261202-3'];
// two more windows of the same code three hours later, the second with the paired reading
const LATER = ['bench-20261202-4', 'bench-20261202-5'];
// the window that timed a speed-balanced split beside the even one; even/ holds its even rows (what main runs)
const SIXTH = join(docs, 'results', 'bench-20261202-6');
// a machine of another kind (AMD EPYC): wasm's own products, then OpenBLAS's (with wasm's own again in wasm-own/)
const AMD = ['bench-20261202-7', 'bench-20261202-8'];
// the same machine: native loss passes and the lighter two-thread step, with the code of -8 in before/
const NINTH = 'bench-20261202-9';
// a third kind (AMD EPYC Zen 5): OpenBLAS's AVX2 kernels as the machine sets them, its AVX-512 ones in avx512/
const TENTH = 'bench-20261202-10';
/** Window -11: the bench under --single-threaded-gc (the CLI's default since fb3cead), then with V8's default collector. */
const ELEVENTH = 'bench-20261203-11';
/** Windows -12 and -13: the fused SGD-momentum step, the same code twice in a row. */
const FUSED_UPDATE = ['bench-20261203-12', 'bench-20261203-13'];
/** Windows -14 and -15: the final code (the worker's copies gone), twice in a row. */
const FINAL = ['bench-20261203-14', 'bench-20261203-15'];
/** Windows -16 and -17: no new arrays per two-thread step (0fde8bb); the diagnostics and A/Bs before them. */
const FEWER_ARRAYS = ['bench-20261203-16', 'bench-20261203-17'];
/** Window -18: the same code a third time (43aad88 only added results). */
const THIRD = 'bench-20261203-18';
/** Window -19: the same code a fourth time (6ef8338 only added results and docs). */
const FOURTH = 'bench-20261203-19';
const CONCURRENCY = join(docs, 'results', 'concurrency-20261203');
/** Windows -20 and -21: dropout masks in one kernel, layers that hand on one tensor, the paper's dropout placement. */
const ONE_TENSOR = ['bench-20261203-20', 'bench-20261203-21'];
/** Windows -22 and -23: the same code twice more. */
const ONE_TENSOR_MORE = ['bench-20261203-22', 'bench-20261203-23'];
const DROPOUT_LAYOUT = join(docs, 'results', 'dropout-layout-20261203');
const set = join(docs, 'results', SETS[0]);
// the window before the bursts, whose two-thread investigation the page quotes
const set5 = join(docs, 'results', 'bench-20261201-5');
// the two-thread breakdown, the Identity A/B and the training check the page quotes were made beside the window before that
const prevSet = join(docs, 'results', 'bench-20261201-4');
// the paired r = 1 against r = 0 measurements the page quotes were made beside the previous window
const pairedSet = join(docs, 'results', 'bench-20261201-3');
const page = readFileSync(join(docs, 'src', 'guide', 'performance.md'), 'utf8');
const readme = readFileSync(resolve(docs, '..', '..', 'README.md'), 'utf8');

interface Row { scope: string; cell: string; sharingRate: number; threads: number; tokensPerSecond: number; utilization: number; flopsPerToken: number; epochSeconds?: number; pairedUtilization?: number; burstProbeGflops?: number[] }
interface Ref { cell: string; sharingRate: number; tokensPerSecond: number; epochSeconds?: number }
type Report = { rows: Row[]; reference: Ref[]; referenceRuns?: number; timing: { steps: number; burst?: number }; matmulGflops: number; blas?: string };
const load = (dir: string) => JSON.parse(readFileSync(join(dir, 'bench.json'), 'utf8')) as Report;
const reports = SETS.map((s) => load(join(docs, 'results', s)));
const range = (v: number[], f: (x: number) => string) => [f(Math.min(...v)), f(Math.max(...v))];
/** A count as the page writes it: "1,282". */
const int = (x: number) => Math.round(x).toLocaleString('en-US');
/** Percentages as the page writes their span: "58.2-67.0 %". */
const pctSpan = (v: number[]) => `${range(v, (x) => x.toFixed(1)).join('-')} %`;
/** A model as the page names it: "LSTM r = 0.5". */
const modelName = (r: { cell: string; sharingRate: number }) => `${r.cell.toUpperCase()} r = ${r.sharingRate}`;
/** A report's lm row of one model on `threads` threads. */
const lmRow = (rep: Report, cell: string, r: number, threads: number) => rep.rows.find((x) => x.scope === 'lm' && x.cell === cell && x.sharingRate === r && x.threads === threads)!;
/** The lowest and highest of a per-model figure, as the page writes them: "1.40x (RNN r = 1) to 1.88x (GRU r = 1)". */
function modelSpan(rep: Report, f: (r: Ref) => number): { min: number; max: number; text: string } {
  const v = rep.reference.map((r) => ({ r, x: f(r) })).sort((p, q) => p.x - q.x);
  const at = (e: { r: Ref; x: number }) => `${e.x.toFixed(2)}x (${modelName(e.r)})`;
  return { min: v[0].x, max: v[v.length - 1].x, text: `${at(v[0])} to ${at(v[v.length - 1])}` };
}

/**
 * One window's cells of the later goals tables, as the page writes them (two-thread rows against the
 * reference; the 65 % row with its misses and the paired span; r = 1 over r = 0 with the cells it missed).
 */
function goalColumn(rep: Report) {
  const two = (r: Ref) => lmRow(rep, r.cell, r.sharingRate, 2);
  const rows = (t: number) => rep.rows.filter((r) => r.scope === 'lm' && r.threads === t);
  const below = rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65);
  const paired = rows(2).map((r) => r.pairedUtilization).filter((u): u is number => u !== undefined);
  const gains = (['lstm', 'gru', 'rnn'] as const).map((cell) => ({ cell, x: lmRow(rep, cell, 1, 2).tokensPerSecond / lmRow(rep, cell, 0, 2).tokensPerSecond }));
  const slower = gains.filter((g) => g.x <= 1).map((g) => g.cell.toUpperCase());
  const l05 = rep.reference.find((r) => r.cell === 'lstm' && r.sharingRate === 0.5)!;
  return {
    speed: modelSpan(rep, (r) => two(r).tokensPerSecond / r.tokensPerSecond),
    l05: `${(two(l05).tokensPerSecond / l05.tokensPerSecond).toFixed(2)}x`,
    epoch: modelSpan(rep, (r) => r.epochSeconds! / two(r).epochSeconds!),
    util: `one thread ${pctSpan(rows(1).map((r) => 100 * r.utilization))}; two threads ${pctSpan(rows(2).map((r) => 100 * r.utilization))}` +
      (below.length ? `: not met (${below.map((r) => `${modelName(r)} ${(100 * r.utilization).toFixed(1)} %`).join(', ')})` : '') +
      (paired.length ? `; paired two threads ${pctSpan(paired.map((u) => 100 * u))}` : ''),
    gains: gains.map((g) => `${g.cell.toUpperCase()} ${g.x.toFixed(2)}x`).join(', ') + (slower.length ? `: not met (${slower.join(', ')})` : ''),
  };
}

/** A report's lm rows on `t` threads. */
const lm = (rep: Report, t: number) => rep.rows.filter((r) => r.scope === 'lm' && r.threads === t);
/** The 65 % cell of the later goals tables: both spans, how many rows missed, the paired span. */
function utilCell(rep: Report): string {
  const below = rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65).length;
  return `one thread ${pctSpan(lm(rep, 1).map((r) => 100 * r.utilization))}; two threads ${pctSpan(lm(rep, 2).map((r) => 100 * r.utilization))}` +
    (below ? `: not met (${below} of 18 rows below)` : '') + `; paired two threads ${pctSpan(lm(rep, 2).map((r) => 100 * r.pairedUtilization!))}`;
}
/** Two threads over one, per model, as the page writes the span: "1.52-1.60". */
const scaling = (rep: Report) => range(lm(rep, 2).map((r) => r.tokensPerSecond / lmRow(rep, r.cell, r.sharingRate, 1).tokensPerSecond), (x) => x.toFixed(2)).join('-');

/** One window's goal cells (goalColumn) from its bench.json. */
const windowColumn = (w: string) => goalColumn(load(join(docs, 'results', w)));

/**
 * Reports of windows (one, or two side by side), each with both reference runs and 12 steps in bursts of 3,
 * in a goals table on the page: every row's cells as goalColumn and utilCell compute them. Returns their columns.
 */
function expectGoalsTable(reps: Report[]) {
  for (const rep of reps) {
    expect(rep.reference).toHaveLength(9);
    expect(rep.referenceRuns).toBe(2);
    expect(rep.timing).toMatchObject({ steps: 12, burst: 3 });
  }
  const cols = reps.map(goalColumn);
  const row = (goal: string, cells: string[]) => expect(page).toContain(`| ${goal} | ${cells.join(' | ')} |`);
  row('every model at least as fast as the reference', cols.map((c) => c.speed.text));
  row('LSTM r = 0.5 at least 1.4x the reference', cols.map((c) => c.l05));
  row('an epoch with validation at least 1.3x faster', cols.map((c) => c.epoch.text));
  row('every row at least 65 % of the matMul rate', reps.map(utilCell));
  row('r = 1 faster than r = 0 for every cell', cols.map((c) => c.gains));
  return cols;
}

/**
 * The reference's own speed.py in `windows` (their reports `reps`): every model below the reference column,
 * and the page quoting each window's span as "measured A-B and C-D tokens/s in <where>, below ...".
 */
function expectSpeedPyBelow(text: string, windows: string[], reps: Report[], where: string) {
  const speedPy = windows.map((w) => readFileSync(join(docs, 'results', w, 'speed-py.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Ref));
  const one = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  expect(text).toContain(`measured ${speedPy.map((v) => range(v.map((r) => r.tokensPerSecond), one).join('-')).join(' and ')} tokens/s in ${where}, below the reference column on every row`);
  speedPy.forEach((v, i) => v.forEach((r) => expect(r.tokensPerSecond).toBeLessThan(reps[i].reference.find((q) => q.cell === r.cell && q.sharingRate === r.sharingRate)!.tokensPerSecond)));
}

describe('the Performance page', () => {
  it.each([...SETS, ...LATER, 'bench-20261202-6/even', ...AMD, `${AMD[1]}/wasm-own`, NINTH, `${NINTH}/before`, TENTH, `${TENTH}/avx512`])('includes the table bench-table.mjs makes of %s/bench.json', (name) => {
    const dir = join(docs, 'results', name);
    const tmp = mkdtempSync(join(tmpdir(), 'rrnn-bench-table-'));
    copyFileSync(join(dir, 'bench.json'), join(tmp, 'bench.json'));
    execFileSync(process.execPath, [join(docs, 'scripts', 'bench-table.mjs'), tmp], { stdio: 'pipe' });
    expect(readFileSync(join(dir, 'table.md'), 'utf8')).toBe(readFileSync(join(tmp, 'table.md'), 'utf8'));
    expect(page).toContain(`<!-- @include: ../../results/${name}/table.md -->`);
  });

  it('holds the measured rows and, per model, the faster of the reference runs before and after rrnn', () => {
    const text = page.replace(/\s+/g, ' ');
    const quoted = SETS.map((name, k) => {
      const dir = join(docs, 'results', name);
      const measured = JSON.parse(readFileSync(join(dir, 'bench-measured.json'), 'utf8')) as Report;
      const rep = reports[k];
      expect(rep.referenceRuns).toBe(2);
      expect(rep.rows).toEqual(measured.rows);
      expect(rep.timing).toMatchObject({ steps: 12, burst: 3 });
      const runs = ['reference.jsonl', 'reference-after.jsonl'].map((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Ref & { evalTokensPerSecond: number }));
      expect(measured.reference.map((r) => r.tokensPerSecond)).toEqual(runs[0].map((r) => r.tokensPerSecond));
      for (const r of rep.reference as (Ref & { evalTokensPerSecond: number })[]) {
        const same = runs.map((run) => run.find((x) => x.cell === r.cell && x.sharingRate === r.sharingRate)!);
        expect(r.tokensPerSecond).toBe(Math.max(...same.map((x) => x.tokensPerSecond)));
        expect(r.evalTokensPerSecond).toBe(Math.max(...same.map((x) => x.evalTokensPerSecond)));
      }
      return range(runs[1].map((r, i) => r.tokensPerSecond / runs[0][i].tokensPerSecond), (x) => x.toFixed(2)).join('-');
    });
    expect(text).toContain(`the run after measured ${quoted[0]}x its training rates; in the second the run after measured ${quoted[1]}x`);
  });

  it('states the later windows\' figures and verdicts, the paired reading and the single-point runs as measured', () => {
    const cols = LATER.map((n) => {
      const rep = load(join(docs, 'results', n));
      expect(rep.reference).toHaveLength(9);
      expect(rep.referenceRuns).toBe(2);
      const col = goalColumn(rep);
      expect(Math.min(col.speed.min, col.epoch.min)).toBeGreaterThanOrEqual(1.3); // "the speed goals held every time"
      return { rep, ...col };
    });
    const [c, d] = cols;
    expect(page).toContain(`| every model at least as fast as the reference | ${c.speed.text} | ${d.speed.text} |`);
    expect(page).toContain(`| LSTM r = 0.5 at least 1.4x the reference | ${c.l05} | ${d.l05} |`);
    expect(page).toContain(`| an epoch with validation at least 1.3x faster | ${c.epoch.text} | ${d.epoch.text} |`);
    expect(page).toContain(`| every row at least 65 % of the matMul rate | ${c.util} | ${d.util} |`);
    expect(page).toContain(`| r = 1 faster than r = 0 for every cell | ${c.gains} | ${d.gains} |`);
    const text = page.replace(/\s+/g, ' ');
    // the probes next to the two GRU rows that read lowest against them
    const gru = d.rep.rows.filter((r) => r.scope === 'lm' && r.cell === 'gru' && r.threads === 2 && r.sharingRate > 0);
    const probes = gru.flatMap((r) => r.burstProbeGflops!);
    expect(text).toContain(`the probes next to GRU r = 0.5's and r = 1's two-thread bursts in bench-20261202-5 read ${range(probes, (x) => x.toFixed(1)).join('-')} GFLOP/s`);
    // single-point.txt: "run threads tokens/s utilization% paired% ..." lines
    const alone = [...readFileSync(join(docs, 'results', LATER[1], 'single-point.txt'), 'utf8').matchAll(/^(\d) (\d) (\d+) ([\d.]+) ([\d.]+) /gm)].map((m) => ({ threads: Number(m[2]), tps: Number(m[3]), util: Number(m[4]) }));
    expect(alone).toHaveLength(10);
    const of = (t: number) => alone.filter((a) => a.threads === t);
    const point = (t: number) => lmRow(d.rep, 'gru', 0.5, t);
    expect(text).toContain(
      `ran ${range(of(2).map((a) => a.tps), int).join('-')} tokens/s on two threads (${range(of(2).map((a) => a.util), (x) => x.toFixed(1)).join('-')} %) against ${int(point(2).tokensPerSecond)} ` +
        `(${(100 * point(2).utilization).toFixed(1)} %) in the window`,
    );
    expect(text).toContain(`(${range(of(1).map((a) => a.tps), int).join('-')} against ${int(point(1).tokensPerSecond)})`);
  });

  it('states the sixth window: its even rows as measured, the balanced split against them, the cores', () => {
    const text = page.replace(/\s+/g, ' ');
    const both = load(SIXTH);
    const even = load(join(SIXTH, 'even'));
    // even/ is the window's report with the balanced two-thread rows left out and the lm-even rows relabelled
    const relabelled = both.rows.filter((r) => r.scope === 'lm-even').map((r) => ({ ...r, scope: 'lm' }));
    expect(even.rows.filter((r) => r.threads === 2)).toEqual(expect.arrayContaining(relabelled));
    expect(even.rows.filter((r) => r.threads === 2)).toHaveLength(9);
    expect(even.rows.filter((r) => r.threads === 1)).toEqual(both.rows.filter((r) => r.scope === 'lm' && r.threads === 1));
    expect(even.reference).toEqual(both.reference);
    // the goals row, recomputed from even/bench.json
    const col = goalColumn(even);
    expect(page).toContain(`| every model at least as fast as the reference | ${col.speed.text} |`);
    expect(page).toContain(`| LSTM r = 0.5 at least 1.4x the reference | ${col.l05} |`);
    expect(page).toContain(`| an epoch with validation at least 1.3x faster | ${col.epoch.text} |`);
    expect(page).toContain(`| every row at least 65 % of the matMul rate | ${col.util} |`);
    expect(page).toContain(`| r = 1 faster than r = 0 for every cell | ${col.gains} |`);
    // the balanced rows against the even rows of the same rounds
    const ratios = both.rows.filter((r) => r.scope === 'lm' && r.threads === 2).map((b) => b.tokensPerSecond / both.rows.find((e) => e.scope === 'lm-even' && e.cell === b.cell && e.sharingRate === b.sharingRate)!.tokensPerSecond).sort((x, y) => x - y);
    expect(text).toContain(`The balanced split trained at ${ratios[0].toFixed(2)}-${ratios[8].toFixed(2)}x the even one, median ${ratios[4].toFixed(2)}x`);
    // cores.sh lines: "2026-12-02T09:07:21Z cpu0 22.8 GFLOP/s"
    const cpu0 = [...readFileSync(join(SIXTH, 'cores-before.txt'), 'utf8').matchAll(/ cpu0 ([\d.]+) GFLOP/g)].map((m) => m[1]);
    expect(text).toContain(`at the window's start cpu0 read ${cpu0[0]} and, two seconds later, ${cpu0[1]}`);
    // the first block of readings (08:38 UTC), before both cores recovered
    const slow = readFileSync(join(SIXTH, 'cores.txt'), 'utf8').split('08:55 UTC')[0];
    const pinned = (cpu: string) => [...slow.matchAll(new RegExp(`^  ${cpu} ([\\d. ]+)$`, 'gm'))].flatMap((m) => m[1].trim().split(' ').map(Number));
    expect(text).toContain(`cpu0 multiplied at ${range(pinned('cpu0'), (x) => x.toFixed(1)).join('-')} GFLOP/s while cpu1 gave ${range(pinned('cpu1'), (x) => x.toFixed(1)).join('-')}`);
  });

  it('states the AMD EPYC windows: wasm\'s own products (-7), OpenBLAS and wasm\'s own again (-8), as measured', () => {
    const text = page.replace(/\s+/g, ' ');
    const [own7, blas8, own8] = [AMD[0], AMD[1], join(AMD[1], 'wasm-own')].map((n) => load(join(docs, 'results', n)));
    for (const rep of [own7, blas8, own8]) {
      expect(rep.reference).toHaveLength(9);
      expect(rep.referenceRuns).toBe(2);
    }
    expect(own8.reference).toEqual(blas8.reference); // both held against the same two reference runs
    const cols = [own7, blas8, own8].map(goalColumn);
    const row = (goal: string, cells: string[]) => expect(page).toContain(`| ${goal} | ${cells.join(' | ')} |`);
    row('every model at least as fast as the reference', cols.map((c) => c.speed.text));
    row('LSTM r = 0.5 at least 1.4x the reference', cols.map((c) => c.l05));
    row('an epoch with validation at least 1.3x faster', cols.map((c) => c.epoch.text));
    // with most rows below 65 %, the cell counts them instead of naming each
    const utilCell = (rep: Report) => {
      const rows = (t: number) => rep.rows.filter((r) => r.scope === 'lm' && r.threads === t);
      const below = rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65).length;
      const paired = rows(2).map((r) => r.pairedUtilization!);
      return `one thread ${pctSpan(rows(1).map((r) => 100 * r.utilization))}; two threads ${pctSpan(rows(2).map((r) => 100 * r.utilization))}` +
        (below ? `: not met (${below} of 18 rows below)` : '') + `; paired two threads ${pctSpan(paired.map((u) => 100 * u))}`;
    };
    row('every row at least 65 % of the matMul rate', [own7, blas8, own8].map(utilCell));
    row('r = 1 faster than r = 0 for every cell', cols.map((c) => c.gains));
    // the OpenBLAS rows against wasm's own rows of the same window, per thread count
    const vsOwn = (t: number) => blas8.rows.filter((r) => r.scope === 'lm' && r.threads === t)
      .map((r) => r.tokensPerSecond / lmRow(own8, r.cell, r.sharingRate, t).tokensPerSecond);
    expect(text).toContain(`${range(vsOwn(1), (x) => x.toFixed(2)).join('-')}x wasm's own on one thread and ${range(vsOwn(2), (x) => x.toFixed(2)).join('-')}x on two`);
    // the matMul rates the page quotes: wasm's probes in -7, each core's OpenBLAS rate in -8
    const probes = (dir: string) => [...readFileSync(join(docs, 'results', dir, 'bench.err'), 'utf8').matchAll(/\] ([\d.]+)(?=,| GFLOP)/g)].map((m) => Number(m[1]));
    expect(text).toContain(`one wasm thread multiplied at ${range(probes(AMD[0]), (x) => x.toFixed(1)).join('-')} GFLOP/s`);
    const cores = ['cores-before.txt', 'cores-after.txt'].flatMap((f) => [...readFileSync(join(docs, 'results', AMD[1], f), 'utf8').matchAll(/ cpu\d ([\d.]+) GFLOP/g)].map((m) => Number(m[1])));
    expect(text).toContain(`each core multiplied at ${range(cores, (x) => x.toFixed(1)).join('-')} GFLOP/s with OpenBLAS`);
    // the Backends page quotes the same figures
    const backends = readFileSync(join(docs, 'src', 'guide', 'backends.md'), 'utf8').replace(/\s+/g, ' ');
    expect(backends).toContain(`each core multiplied at ${range(cores, (x) => x.toFixed(1)).join('-')} GFLOP/s with OpenBLAS against ${range(probes(AMD[0]), (x) => x.toFixed(1)).join('-')} with wasm's own kernels, ` +
      `and the paper's models trained ${range(vsOwn(1), (x) => x.toFixed(2)).join('-')}x faster on one thread and ${range(vsOwn(2), (x) => x.toFixed(2)).join('-')}x on two`);
    // the README's spans on this machine, with OpenBLAS and without
    const span = (rep: Report) => range(rep.reference.map((r) => lmRow(rep, r.cell, r.sharingRate, 2).tokensPerSecond / r.tokensPerSecond), (x) => x.toFixed(2));
    const [b, o] = [span(blas8), span(own8)];
    expect(readme.replace(/\s+/g, ' ')).toContain(`${b[0]}x to ${b[1]}x on an AMD EPYC with OpenBLAS's matrix products, the Node default where OpenBLAS is installed, and ${o[0]}x to ${o[1]}x there without it, so not on every model`);
  });

  it('states window -9 (new code, and the code of -8 after it) and its diagnostics as measured', () => {
    const text = page.replace(/\s+/g, ' ');
    const [now, before] = [NINTH, join(NINTH, 'before')].map((n) => load(join(docs, 'results', n)));
    expectGoalsTable([now, before]);
    expect(before.reference).toEqual(now.reference);
    const vs = (t: number) => range(lm(now, t).map((r) => r.tokensPerSecond / lmRow(before, r.cell, r.sharingRate, t).tokensPerSecond), (x) => x.toFixed(2)).join('-');
    expect(text).toContain(`The new code ran ${vs(1)}x the old on one thread and ${vs(2)}x on two`);
    expect(text).toContain(`its share of the matMul rate rose to ${pctSpan(lm(now, 1).map((r) => 100 * r.utilization))} (${pctSpan(lm(before, 1).map((r) => 100 * r.utilization))} for the old code)`);
    expect(text).toContain(`2 threads gave ${scaling(now)}x one thread's rate (${scaling(before)}x before)`);
    // the diagnostics the page quotes, from the file
    const diag = readFileSync(join(docs, 'results', NINTH, 'diagnostics.txt'), 'utf8');
    const min = (name: string) => Number(new RegExp(`^${name}\\s+min ([\\d.]+)`, 'm').exec(diag)![1]).toFixed(1);
    expect(text).toContain(`forward ${min('wasmFwd')} -> ${min('natFwd')} ms, gradient ${min('wasmGradT')} -> ${min('natGradSums')} ms`);
    const backends = readFileSync(join(docs, 'src', 'guide', 'backends.md'), 'utf8').replace(/\s+/g, ' ');
    expect(backends).toContain(`the loss's forward fell from ${min('wasmFwd')} to ${min('natFwd')} ms and its gradient from ${min('wasmGradT')} to ${min('natGradSums')} ms`);
    expect(text).toContain(`${min('2800 old')} -> ${min('2800 new')} ms at 2,800 rows and ${min('1400 old')} -> ${min('1400 new')} at 1,400`);
    const alone = [...diag.matchAll(/^(\{"mainAlone".*\})$/gm)].map((m) => JSON.parse(m[1]) as Record<string, string>);
    expect(alone).toHaveLength(2);
    expect(text).toContain(`its half took ${alone[0].workerAlone} and ${alone[1].workerAlone} ms against this thread's ${alone[0].mainAlone} and ${alone[1].mainAlone}`);
    const phases = JSON.parse(/^lstm 0\.5 (\{.*\})$/m.exec(diag)![1]) as Record<string, string>;
    expect(text).toContain(`this thread's half took ${phases.localAlone} ms with the worker idle and ${phases.localConcurrent} while the worker computed`);
    expect(text).toContain(`the worker's own half ${phases.workerCompute}, and this thread then waited ${phases.waitAfterLocal} ms for its reply before the ${phases.mergeUpdate} ms of adding, clipping and updating; posting the weights took ${phases.post}`);
  });

  it('states window -10 (Zen 5, AVX2 and AVX-512 kernels) and its diagnostics as measured, in the page and the README', () => {
    const text = page.replace(/\s+/g, ' ');
    const dir = join(docs, 'results', TENTH);
    const [avx2, avx512] = [dir, join(dir, 'avx512')].map(load);
    const cols = expectGoalsTable([avx2, avx512]);
    expect(avx2.blas).toBe('libopenblas.so.0, Haswell kernels');
    expect(avx512.blas).toBe('libopenblas.so.0, Cooperlake kernels');
    expect(readFileSync(join(dir, 'env.txt'), 'utf8')).toContain('OPENBLAS_CORETYPE=Haswell');
    expect(readme.replace(/\s+/g, ' ')).toContain(`on a Zen 5 AMD EPYC ${cols[0].speed.text.replace(/ \([^)]*\)/g, '')} with OpenBLAS's AVX2 kernels, as that machine's environment sets them, and ${cols[1].speed.text.replace(/ \([^)]*\)/g, '')} with its AVX-512 ones`);
    const over = (t: number) => range(lm(avx2, t).map((r) => lmRow(avx512, r.cell, r.sharingRate, t).tokensPerSecond / r.tokensPerSecond), (x) => x.toFixed(2)).join('-');
    const refOver = range(avx2.reference.map((r) => avx512.reference.find((q) => q.cell === r.cell && q.sharingRate === r.sharingRate)!.tokensPerSecond / r.tokensPerSecond), (x) => x.toFixed(2)).join('-');
    expect(text).toContain(`The AVX-512 kernels made rrnn ${over(1)}x faster on one thread and ${over(2)}x on two, and the reference only ${refOver}x`);
    expect(text).toContain(`two threads ${pctSpan(lm(avx2, 2).map((r) => 100 * r.utilization))} with the AVX2 kernels (two threads gave ${scaling(avx2)}x one thread)`);
    expect(text).toContain(`against the AVX-512 rate (${avx512.matmulGflops.toFixed(1)} GFLOP/s a thread) one thread reaches ${pctSpan(lm(avx512, 1).map((r) => 100 * r.utilization))} and two ${pctSpan(lm(avx512, 2).map((r) => 100 * r.utilization))} (${scaling(avx512)}x one thread)`);
    const speedPy = readFileSync(join(dir, 'speed-py.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Ref);
    expect(text).toContain(`measured ${range(speedPy.map((r) => r.tokensPerSecond), (x) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })).join('-')} tokens/s in the window`);
    expect(speedPy).toHaveLength(9);
    // "below the reference column on every row": each speed.py model against the same model's column
    for (const r of speedPy) expect(r.tokensPerSecond).toBeLessThan(avx2.reference.find((q) => q.cell === r.cell && q.sharingRate === r.sharingRate)!.tokensPerSecond);
    // the diagnostics, from the file
    const diag = readFileSync(join(dir, 'diagnostics.txt'), 'utf8');
    const after = (head: string) => diag.split(`## ${head}\n`)[1].split('\n## ')[0].trim().split('\n');
    const fma = (head: string) => after(head).map((l) => /GFLOP\/s ([\d.]+)/.exec(l)![1]);
    expect(text).toContain(`ran ${fma('rrnn-fma alone')[0]} GFLOP/s alone and ${fma('rrnn-fma two copies at once').join(' and ')} as two copies at once (AVX-512: ${fma('rrnn-fma512 alone')[0]}, then ${fma('rrnn-fma512 two copies at once').join(' and ')})`);
    const dec = (head: string) => after(head).map((l) => /decoder \S+ (\d+)/.exec(l)![1]);
    expect(text).toContain(`ran ${dec('sgemm.py, OPENBLAS_CORETYPE=Haswell, alone')[0]} GFLOP/s alone and ${dec('sgemm.py, OPENBLAS_CORETYPE=Haswell, two copies at once').join(' and ')} beside a second copy (AVX-512 kernels: ${dec('sgemm.py, OPENBLAS_CORETYPE=SkylakeX, alone')[0]}, then ${dec('sgemm.py, OPENBLAS_CORETYPE=SkylakeX, two copies at once').join(' and ')})`);
    expect(after('OpenBLAS\'s own pick with OPENBLAS_CORETYPE unset')[0]).toBe('Core: Cooperlake');
    const backends = readFileSync(join(docs, 'src', 'guide', 'backends.md'), 'utf8').replace(/\s+/g, ' ');
    expect(backends).toContain(`one thread multiplied the decoder's shape at ${dec('sgemm.py, OPENBLAS_CORETYPE=Haswell, alone')[0]} GFLOP/s with those AVX2 kernels and at ${dec('sgemm.py, OPENBLAS_CORETYPE=SkylakeX, alone')[0]} with the AVX-512 \`SkylakeX\` ones`);
    expect(backends).toContain(`the paper's models trained ${over(1)}x faster on one thread with the AVX-512 kernels`);
    const json = (re: RegExp) => [...diag.matchAll(re)].map((m) => JSON.parse(m[1]) as Record<string, string>);
    // the AVX2 runs come first in the file (diag/run.sh), two of each
    const phases = json(/^lstm 0\.5 (\{.*\})$/gm).slice(0, 2);
    const alone = json(/^(\{"mainAlone".*\})$/gm).slice(0, 2);
    const ms = (v: string[]) => range(v.map(Number), (x) => x.toFixed(1)).join('-');
    expect(text).toContain(`took ${ms([...phases.map((p) => p.localAlone), ...alone.flatMap((a) => [a.mainAlone, a.workerAlone])])} ms alone and ${ms(phases.flatMap((p) => [p.localConcurrent, p.workerCompute]))} ms together with the AVX2 kernels`);
    // the vocabulary shrunk: this thread's half loses as much to the worker at every size
    const [sizes, flags] = readFileSync(join(dir, 'diagnostics-vocab.txt'), 'utf8').split('# the same with V = 100');
    const lost = (V: number) => [...sizes.matchAll(new RegExp(`^lstm 0\\.5 ${V} (\\{.*\\})$`, 'gm'))].map((m) => JSON.parse(m[1]) as Record<string, string>)
      .map((p) => (Number(p.localConcurrent) - Number(p.localAlone)).toFixed(1));
    expect(text).toContain(`${lost(10000).join(' and ')} ms at V = 10,000, ${lost(1000).join(' and ')} at 1,000, ${lost(100).join(' and ')} at 100`);
    const under = (flag: string) => JSON.parse(new RegExp(`^== ${flag}\\nlstm 0\\.5 100 (\\{.*\\})$`, 'm').exec(flags)![1]) as Record<string, string>;
    const [plain, gc] = [under('node'), under('node --single-threaded-gc')];
    expect(text).toContain(`the half at V = 100 took ${gc.localAlone} ms alone and ${gc.localConcurrent} together (${plain.localAlone} and ${plain.localConcurrent} without the flag`);
    const benchRuns = (flag: string) => [...flags.matchAll(new RegExp(`^== ${flag}\\n(.*)$`, 'gm'))].map((m) => m[1]);
    const tps = (lines: string[], what: string) => lines.map((l) => Number(new RegExp(`${what} (\\d+)`).exec(l)![1]).toLocaleString('en-US')).join(' and ');
    const [without, withFlag] = [benchRuns('--no-warnings'), benchRuns('--single-threaded-gc')];
    expect(text).toContain(`the flag gave LSTM r = 0.5 on two threads ${tps(withFlag, 'lstm 2T')} tokens/s against ${tps(without, 'lstm 2T')} without it, the RNN ${tps(withFlag, 'rnn 2T')} against ${tps(without, 'rnn 2T')}`);
    // all nine models without and with the flag, alternating: each row's better run of the two
    const gcRuns = (f: string) => [1, 2].map((k) => JSON.parse(readFileSync(join(dir, 'gc-flag', `${f}-${k}.json`), 'utf8')) as Report);
    const [plainRuns, gcFlagRuns] = [gcRuns('plain'), gcRuns('gc')];
    const better = (reps: Report[], r: Row) => Math.max(...reps.map((rep) => lmRow(rep, r.cell, r.sharingRate, r.threads).tokensPerSecond));
    const gain = (t: number) => range(lm(plainRuns[0], t).map((r) => better(gcFlagRuns, r) / better(plainRuns, r)), (x) => x.toFixed(3)).join('-');
    expect(text).toContain(`with the flag two threads ran ${gain(2)}x as fast and one thread ${gain(1)}x`);
  });

  it('states window -11 (the collector on the computing threads against V8\'s default) as measured, in the page and the README', () => {
    const text = page.replace(/\s+/g, ' ');
    const dir = join(docs, 'results', ELEVENTH);
    type Flagged = Report & { nodeFlags?: string[] };
    const [gc, plain] = [dir, join(dir, 'default-gc')].map(load) as [Flagged, Flagged];
    const cols = expectGoalsTable([gc, plain]);
    expect(gc.nodeFlags).toEqual(['--single-threaded-gc']);
    expect(plain.nodeFlags).toEqual([]);
    expect(gc.blas).toBe('libopenblas.so.0, Haswell kernels');
    expect(readme.replace(/\s+/g, ' ')).toContain(`and ${cols[0].speed.text.replace(/ \([^)]*\)/g, '')} in a later window under \`--single-threaded-gc\``);
    // each model's rate with the flag over the same model's without it, and two threads over one in each
    const ratios = (t: number) => lm(gc, t).map((r) => r.tokensPerSecond / lmRow(plain, r.cell, r.sharingRate, t).tokensPerSecond).sort((a, b) => a - b);
    const span = (v: number[]) => `${v[0].toFixed(3)}-${v[v.length - 1].toFixed(3)}x`;
    expect(text).toContain(`two threads ran ${span(ratios(2))} as fast as with V8's default in the same window (median ${ratios(2)[4].toFixed(3)}x) and gave ${scaling(gc)}x one thread, against ${scaling(plain)}x; one thread lost a little, ${span(ratios(1))}`);
    expect(Math.max(...ratios(1))).toBeLessThan(1);
    expect(text).toContain(`two threads ${span(ratios(2))}, one thread ${span(ratios(1))} in window -11, where the same bench ran with and without it`);
    const backends = readFileSync(join(docs, 'src', 'guide', 'backends.md'), 'utf8').replace(/\s+/g, ' ');
    const pct = (x: number) => Math.round(100 * Math.abs(x - 1));
    expect(backends).toContain(`the flag cost ${pct(Math.max(...ratios(1)))}-${pct(Math.min(...ratios(1)))} % in window ${ELEVENTH} while two threads gained up to ${pct(Math.max(...ratios(2)))} %`);
    // eight of nine two-thread rows at 65 %; the one below, by name, and its ratio
    const below = lm(gc, 2).filter((r) => 100 * r.utilization < 65);
    expect(below).toHaveLength(1);
    const [low] = below;
    expect(text).toContain(`${modelName(low)}, at ${(100 * low.utilization).toFixed(1)} % (paired ${(100 * low.pairedUtilization!).toFixed(1)} %), is the one below, and the one model the flag slowed by more than 1 % in this window (${(low.tokensPerSecond / lmRow(plain, low.cell, low.sharingRate, 2).tokensPerSecond).toFixed(3)}x; RNN r = 0.5 ran ${(lmRow(gc, 'rnn', 0.5, 2).tokensPerSecond / lmRow(plain, 'rnn', 0.5, 2).tokensPerSecond).toFixed(3)}x, every other model faster)`);
    const slower = lm(gc, 2).filter((r) => r.tokensPerSecond <= lmRow(plain, r.cell, r.sharingRate, 2).tokensPerSecond).map(modelName);
    expect(new Set(slower)).toEqual(new Set([modelName(low), 'RNN r = 0.5']));
    expect(lm(gc, 2).filter((r) => r.tokensPerSecond / lmRow(plain, r.cell, r.sharingRate, 2).tokensPerSecond < 0.99).map(modelName)).toEqual([modelName(low)]);
    const speedPy = readFileSync(join(dir, 'speed-py.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Ref);
    expect(text).toContain(`measured ${range(speedPy.map((r) => r.tokensPerSecond), (x) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })).join('-')} tokens/s in the window (\`speed-py.jsonl\`), below the reference column on every row`);
    for (const r of speedPy) expect(r.tokensPerSecond).toBeLessThan(gc.reference.find((q) => q.cell === r.cell && q.sharingRate === r.sharingRate)!.tokensPerSecond);
  });

  it('states windows -12 and -13 (the update as one kernel, the same code twice) and the update\'s A/B as measured', () => {
    const text = page.replace(/\s+/g, ' ');
    const [a, b] = FUSED_UPDATE.map((w) => load(join(docs, 'results', w))) as [Report & { nodeFlags?: string[] }, Report & { nodeFlags?: string[] }];
    expectGoalsTable([a, b]);
    for (const rep of [a, b]) expect(rep.nodeFlags).toEqual(['--single-threaded-gc']);
    for (const w of FUSED_UPDATE) expect(readFileSync(join(docs, 'results', w, 'start.txt'), 'utf8')).toContain('7fc36db');
    const two = (rep: Report) => pctSpan(lm(rep, 2).map((r) => 100 * r.utilization));
    // -12: every row at 65 %, the paired reading's one exception named; -13: five two-thread rows below
    expect(a.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65)).toHaveLength(0);
    const lowPaired = lm(a, 2).filter((r) => 100 * r.pairedUtilization! < 65);
    expect(lowPaired).toHaveLength(1);
    expect(text).toContain(`two threads ${two(a)}, for the first time since window -2, and only the paired reading left one row below (${modelName(lowPaired[0])} ${(100 * lowPaired[0].pairedUtilization!).toFixed(1)} %)`);
    const belowB = lm(b, 2).filter((r) => 100 * r.utilization < 65);
    expect(text).toContain(`the same code missed it on ${['', 'one', 'two', 'three', 'four', 'five', 'six'][belowB.length]} of the nine two-thread rows (${two(b)}), and two threads gave ${scaling(b)}x one thread against ${scaling(a)}x`);
    const both = [...lm(a, 2), ...lm(b, 2)].map((r) => 100 * r.utilization);
    expect(text).toContain(`read ${range(both, (x) => x.toFixed(1)).join('-')} % of the matMul rate across the two windows`);
    const least = Math.min(...[a, b].flatMap((rep) => rep.reference.map((r) => lmRow(rep, r.cell, r.sharingRate, 2).tokensPerSecond / r.tokensPerSecond)));
    expect(text).toContain(`(${least.toFixed(2)}x at the least, epochs likewise)`);
    expectSpeedPyBelow(text, FUSED_UPDATE, [a, b], 'the two windows');
    // the update alone, fused against the ops, from the file
    const ab = readFileSync(join(docs, 'results', FUSED_UPDATE[0], 'sgd-ab.txt'), 'utf8');
    const abRow = (cell: string) => new RegExp(`^${cell} +[\\d,]+ +([\\d.]+) +([\\d.]+) +[\\d.]+ +(-?[\\d.]+)$`, 'm').exec(ab)!.slice(1);
    const [l, g, r] = ['lstm', 'gru', 'rnn'].map(abRow);
    expect(text).toContain(`took, for the LSTM, ${l[0]} ms fused against the ops' ${l[1]} (median paired difference ${l[2]} ms), GRU ${g[0]} against ${g[1]}, RNN ${r[0]} against ${r[1]}`);
    const saved = [l, g, r].map((x) => -Number(x[2]));
    expect(text).toContain(`${range(saved, (x) => x.toFixed(1)).join('-')} ms less per update of the paper's models`);
  });

  it('states windows -14 and -15 (the final code twice) as measured, and the README the span of windows -12 to -15', () => {
    const text = page.replace(/\s+/g, ' ');
    const [a, b] = FINAL.map((w) => load(join(docs, 'results', w)));
    const cols = expectGoalsTable([a, b]);
    for (const w of FINAL) expect(readFileSync(join(docs, 'results', w, 'start.txt'), 'utf8')).toContain('e83e81f');
    // every row at 65 % on the bench's reading in both; the paired reading's misses, counted and the lowest named
    for (const rep of [a, b]) expect(rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65)).toHaveLength(0);
    const paired = (rep: Report) => lm(rep, 2).filter((r) => 100 * r.pairedUtilization! < 65).sort((x, y) => x.pairedUtilization! - y.pairedUtilization!);
    const words = ['none', 'one', 'two', 'three', 'four', 'five', 'six'];
    const [pa, pb] = [paired(a), paired(b)];
    expect(text).toContain(`${words[pa.length]} two-thread rows below 65 % in window -14 (${modelName(pa[0])} at ${(100 * pa[0].pairedUtilization!).toFixed(1)} %) and ${words[pb.length]} in window -15 (${modelName(pb[0])} at ${(100 * pb[0].pairedUtilization!).toFixed(1)} %)`);
    expect(text).toContain(`Window -14's best probe, ${a.matmulGflops.toFixed(1)} GFLOP/s against ${b.matmulGflops.toFixed(1)} in window -15`);
    expect(a.matmulGflops).toBeLessThan(b.matmulGflops);
    expectSpeedPyBelow(text, FINAL, [a, b], 'the two windows');
    // the README's span: the lowest and highest model ratio of windows -12 to -15
    const all = [...FUSED_UPDATE.map((w) => windowColumn(w)), ...cols];
    const low = all.reduce((m, c) => (c.speed.min < m.speed.min ? c : m)).speed.min;
    const high = all.reduce((m, c) => (c.speed.max > m.speed.max ? c : m)).speed.max;
    expect(readme.replace(/\s+/g, ' ')).toContain(`then ${low.toFixed(2)}x to ${high.toFixed(2)}x in four more with the optimizer step as one kernel`);
  });

  it('states windows -16 and -17 (no new arrays per two-thread step), the diagnostics and A/Bs before them as measured, and the README the span of -16 to -19', () => {
    const text = page.replace(/\s+/g, ' ');
    const [a, b] = FEWER_ARRAYS.map((w) => load(join(docs, 'results', w)));
    const cols = expectGoalsTable([a, b]);
    for (const w of FEWER_ARRAYS) expect(readFileSync(join(docs, 'results', w, 'start.txt'), 'utf8')).toContain('0fde8bb');
    // every row at 65 % on the bench's reading, every two-thread row on the paired one, the lowest named
    for (const rep of [a, b]) {
      expect(rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65)).toHaveLength(0);
      expect(lm(rep, 2).filter((r) => 100 * r.pairedUtilization! < 65)).toHaveLength(0);
    }
    const lowest = [a, b].flatMap((rep, i) => lm(rep, 2).map((r) => ({ r, i, u: 100 * r.pairedUtilization! }))).sort((x, y) => x.u - y.u)[0];
    expect(text).toContain(`every two-thread row on the paired one too (lowest ${lowest.u.toFixed(1)} %, ${modelName(lowest.r)} in window -${16 + lowest.i})`);
    expect(text).toContain(`the best probes (${a.matmulGflops.toFixed(1)} and ${b.matmulGflops.toFixed(1)} GFLOP/s)`);
    const earlier = [...FUSED_UPDATE, ...FINAL].map((w) => load(join(docs, 'results', w))).flatMap((rep) => scaling(rep).split('-').map(Number));
    expect(text).toContain(`Two threads ran ${scaling(a)}x and ${scaling(b)}x one (${Math.min(...earlier).toFixed(2)}-${Math.max(...earlier).toFixed(2)}x in windows -12 to -15)`);
    expectSpeedPyBelow(text, FEWER_ARRAYS, [a, b], 'the two windows');
    const spans = [...cols, windowColumn(THIRD), windowColumn(FOURTH)];
    const low = Math.min(...spans.map((c) => c.speed.min)), high = Math.max(...spans.map((c) => c.speed.max));
    expect(readme.replace(/\s+/g, ' ')).toContain(`and ${low.toFixed(2)}x to ${high.toFixed(2)}x in four with no new arrays per two-thread step`);
    // the diagnostics on the code before (concurrency.txt): spans over its four runs
    const conc = readFileSync(join(CONCURRENCY, 'concurrency.txt'), 'utf8');
    const nums = (re: RegExp) => [...conc.matchAll(re)].map((m) => m.slice(1).map(Number));
    const excess = nums(/exceeds a half by ([\d.]+) ms \(([\d.]+) %\)/g), fixed = nums(/fixed ([\d.]+) ms/g), procs = nums(/: ([\d.]+) % slower/g);
    for (const v of [excess, fixed, procs]) expect(v).toHaveLength(4);
    const span = (v: number[]) => `${Math.min(...v).toFixed(1)}-${Math.max(...v).toFixed(1)}`;
    expect(text).toContain(`the two-thread step took ${span(excess.map((e) => e[0]))} ms (${span(excess.map((e) => e[1]))} %) longer than a one-thread step of half the batch`);
    expect(text).toContain(`${span(fixed.map((f) => f[0]))} ms (one thread at 80, 40, 20 and 10 streams, fitted)`);
    expect(text).toContain(`slowed each other by ${span(procs.map((p) => p[0]))} %`);
    // the collections and compiles (gc-trace.txt), before and after
    const trace = readFileSync(join(CONCURRENCY, 'gc-trace.txt'), 'utf8').split('## code of ').slice(1);
    const count = (part: string, what: string) => Number(part.match(new RegExp(`${what} (\\d+)`))?.[1] ?? 0);
    const words = ['none', 'one', 'two', 'three'];
    const [before, after] = trace.map((p) => [count(p, 'training thread: mark-compacts'), count(p, 'worker: mark-compacts'), count(p, 'optimizing compiles')]);
    expect(trace[0]).toMatch(/^22badf0/);
    expect(trace[1]).toMatch(/^0fde8bb/);
    const say = (n: number) => (n < words.length && n !== 1 ? words[n] : String(n));
    expect(text).toContain(`${before[0]} full collections on the training thread, ${before[1]} in the worker and ${before[2]} optimizing compiles before; ${after[0]}, ${say(after[1])} and ${after[2]} after`);
    // the A/B of the old and new code (ab-transport.txt): three runs per model, old then new
    const ab = readFileSync(join(CONCURRENCY, 'ab-transport.txt'), 'utf8');
    const runs = [...ab.matchAll(/## (\S+)\n(\w+) r = 0\.5.*\n1\. two threads ([\d.]+) ms/g)].map((m) => ({ old: m[1].includes('oldtree'), cell: m[2], ms: Number(m[3]) }));
    expect(runs).toHaveLength(18);
    const list = (v: number[]) => `${v.slice(0, -1).map((x) => x.toFixed(1)).join(', ')} and ${v[v.length - 1].toFixed(1)}`;
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    for (const cell of ['lstm', 'rnn', 'gru']) {
      const [o, n] = [true, false].map((old) => runs.filter((r) => r.cell === cell && r.old === old).map((r) => r.ms));
      expect(text).toContain(`${list(o)} ms, then ${list(n)} for ${cell.toUpperCase()} r = 0.5 (${(100 * (1 - mean(n) / mean(o))).toFixed(1)} % less`.replace(' ms, then', cell === 'lstm' ? ' ms, then' : ', then'));
    }
  });

  it('states window -18 (the code of -16 and -17 a third time) as measured, and where the paired reading missed', () => {
    const text = page.replace(/\s+/g, ' ');
    const rep = load(join(docs, 'results', THIRD));
    expect(readFileSync(join(docs, 'results', THIRD, 'start.txt'), 'utf8')).toContain('43aad88');
    expectGoalsTable([rep]);
    // every row at 65 % on the bench's reading; the paired reading's one miss, and the least room, named
    expect(rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65)).toHaveLength(0);
    const low = lm(rep, 2).sort((x, y) => x.utilization - y.utilization)[0];
    const misses = lm(rep, 2).filter((r) => 100 * r.pairedUtilization! < 65);
    expect(misses).toHaveLength(1);
    expect(misses[0]).toBe(low);
    expect(text).toContain(`(${modelName(low)} at ${(100 * low.utilization).toFixed(1)} %), and the paired reading left that row below, at ${(100 * low.pairedUtilization!).toFixed(1)} %`);
    expect(text).toContain(`(${rep.matmulGflops.toFixed(1)} GFLOP/s)`);
    const earlierProbes = FEWER_ARRAYS.map((w) => load(join(docs, 'results', w)).matmulGflops);
    expect(rep.matmulGflops).toBeLessThan(Math.min(...earlierProbes));
    const gain = lmRow(rep, 'rnn', 1, 2).tokensPerSecond / lmRow(rep, 'rnn', 0, 2).tokensPerSecond;
    expect(text).toContain(`The RNN's r = 1 ran ${gain.toFixed(4)}x its r = 0 on two threads`);
    expectSpeedPyBelow(text, [THIRD], [rep], 'the window');
  });

  it('states window -19 (the same code a fourth time) as measured, the row that missed in -18 and -19, and why it has the least room', () => {
    const text = page.replace(/\s+/g, ' ');
    const rep = load(join(docs, 'results', FOURTH));
    expect(readFileSync(join(docs, 'results', FOURTH, 'start.txt'), 'utf8')).toContain('6ef8338');
    expectGoalsTable([rep]);
    // the bench's reading misses one row, the paired one none; the same row as the paired miss of -18
    const below = rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65);
    expect(below).toHaveLength(1);
    expect(lm(rep, 2).filter((r) => 100 * r.pairedUtilization! < 65)).toHaveLength(0);
    const third = load(join(docs, 'results', THIRD));
    const [miss18] = lm(third, 2).filter((r) => 100 * r.pairedUtilization! < 65);
    const miss19 = below[0];
    expect([miss19.cell, miss19.sharingRate, miss19.threads]).toEqual([miss18.cell, miss18.sharingRate, 2]);
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    expect(text).toContain(`left ${modelName(miss19)} on two threads below, at ${pct(miss19.utilization)}, and the paired reading held every row (that one at ${pct(miss19.pairedUtilization!)})`);
    expect(text).toContain(`(${pct(miss18.utilization)} and ${pct(miss18.pairedUtilization!)} paired in -18, ${pct(miss19.utilization)} and ${pct(miss19.pairedUtilization!)} paired in -19)`);
    expect(text).toContain(`(${pct(miss18.pairedUtilization!)} paired in -18, ${pct(miss19.utilization)} on the bench's reading in -19)`);
    // one thread slower than in any window of this code
    const oneMin = (w: string) => Math.min(...lm(load(join(docs, 'results', w)), 1).map((r) => r.utilization));
    expect(text).toContain(`with one thread slower than in any window of this code (${pctSpan(lm(rep, 1).map((r) => 100 * r.utilization))} of the matMul rate)`);
    for (const w of [...FEWER_ARRAYS, THIRD]) expect(Math.max(...lm(rep, 1).map((r) => r.utilization))).toBeLessThan(Math.max(...lm(load(join(docs, 'results', w)), 1).map((r) => r.utilization)));
    for (const w of [...FEWER_ARRAYS, THIRD]) expect(Math.min(...lm(rep, 1).map((r) => r.utilization))).toBeLessThan(oneMin(w));
    // that row counts the fewest matrix FLOPs per token of the LSTMs
    const lstms = lm(rep, 2).filter((r) => r.cell === 'lstm');
    expect(Math.min(...lstms.map((r) => r.flopsPerToken))).toBe(miss19.flopsPerToken);
    expect(lstms.filter((r) => r.flopsPerToken === miss19.flopsPerToken)).toHaveLength(1);
    expectSpeedPyBelow(text, [FOURTH], [rep], 'the window');
  });

  it('states windows -20 and -21 (the dropout-mask kernel, one tensor between layers) and the A/Bs before them as measured', () => {
    const text = page.replace(/\s+/g, ' ');
    const [a, b] = ONE_TENSOR.map((w) => load(join(docs, 'results', w)));
    expectGoalsTable([a, b]);
    expect(readFileSync(join(docs, 'results', ONE_TENSOR[0], 'start.txt'), 'utf8')).toContain('a0cc989');
    expect(readFileSync(join(docs, 'results', ONE_TENSOR[1], 'start.txt'), 'utf8')).toContain('dd882a6');
    for (const rep of [a, b]) {
      expect(rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65)).toHaveLength(0);
      expect(lm(rep, 2).filter((r) => 100 * r.pairedUtilization! < 65)).toHaveLength(0);
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    const l1 = (rep: Report) => lmRow(rep, 'lstm', 1, 2);
    const byUtil = (rep: Report, k: 'utilization' | 'pairedUtilization') => [...lm(rep, 2)].sort((x, y) => x[k]! - y[k]!);
    // -20: LSTM r = 1 the highest two-thread row, the lowest named, the paired lowest LSTM r = 1; -21: LSTM r = 1 the lowest
    expect(byUtil(a, 'utilization').at(-1)).toBe(l1(a));
    expect(byUtil(a, 'pairedUtilization')[0]).toBe(l1(a));
    expect(byUtil(b, 'utilization')[0]).toBe(l1(b));
    const low20 = byUtil(a, 'utilization')[0];
    const fourth = lmRow(load(join(docs, 'results', FOURTH)), 'lstm', 1, 2);
    expect(text).toContain(`In window -20, LSTM r = 1 on two threads ran at ${pct(l1(a).utilization)} of the matMul rate, the highest of the two-thread rows (${pct(fourth.utilization)} in -19), and the lowest row was ${modelName(low20)} at ${pct(low20.utilization)}; the paired reading's lowest was LSTM r = 1 at ${pct(l1(a).pairedUtilization!)}`);
    expect(text).toContain(`(best probe ${b.matmulGflops.toFixed(1)} against ${a.matmulGflops.toFixed(1)} GFLOP/s; two threads over one ${scaling(b)}x against ${scaling(a)}x`);
    expect(b.matmulGflops).toBeLessThan(a.matmulGflops);
    const l05 = (rep: Report) => lmRow(rep, 'lstm', 0.5, 2).tokensPerSecond / lmRow(rep, 'lstm', 0.5, 1).tokensPerSecond;
    expect(l05(b)).toBeLessThan(1.7);
    expect(text).toContain(`printed NOT met at ${l05(b).toFixed(2)}x), and there LSTM r = 1 on two threads was again the lowest row, at ${pct(l1(b).utilization)} (paired ${pct(l1(b).pairedUtilization!)})`);
    expect(text).toContain(`LSTM r = 1 on two threads with ${pct(l1(a).utilization)} and ${pct(l1(b).utilization)} of the matMul rate in the first two (paired ${pct(l1(a).pairedUtilization!)} and ${pct(l1(b).pairedUtilization!)})`);
    expectSpeedPyBelow(text, ONE_TENSOR, [a, b], 'the two windows');
    // the mask and step A/B, and the placement A/B (dropout-ab.txt)
    const dab = readFileSync(join(DROPOUT_LAYOUT, 'dropout-ab.txt'), 'utf8');
    const mask = dab.match(/kernel ([\d.]+) ms, tf\.dropout ([\d.]+) ms/)!;
    expect(text).toContain(`took ${mask[1]} ms against tfjs's ${mask[2]} ms`);
    expect(text).toContain(`mask with its product ${mask[1]} ms instead of ${mask[2]} ms`);
    const stepRatios = [...dab.matchAll(/^[\d.]+ +\d+ +\d+ +([\d.]+) /gm)].map((m) => `${m[1]}x`);
    expect(stepRatios).toHaveLength(3);
    expect(text).toContain(`ran ${stepRatios[0]}, ${stepRatios[1]} and ${stepRatios[2]} as long at r = 0, 0.5 and 1`);
    const placement = [...dab.matchAll(/^r = [\d.]+: between \d+ ms, all \d+ ms, ratio ([\d.]+)/gm)].map((m) => `${m[1]}x`);
    expect(placement).toHaveLength(3);
    expect(text).toContain(`steps with the paper's two masks ran ${placement[0]}, ${placement[1]} and ${placement[2]} as long as with four`);
    // the layout A/B (ab-layout.txt): old and new in turn
    const lab = readFileSync(join(DROPOUT_LAYOUT, 'ab-layout.txt'), 'utf8').split('## ').slice(1);
    const sides = (part: string) => ['old', 'new'].map((side) => [...part.matchAll(new RegExp(`^${side} (\\d+)$`, 'gm'))].map((m) => Number(m[1])));
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const [r1, r0] = lab.map(sides);
    expect(r1[0]).toHaveLength(10);
    expect(r0[0]).toHaveLength(4);
    const less = ([o, n]: number[][]) => (100 * (1 - mean(n) / mean(o))).toFixed(1);
    expect(text).toContain(`the two-thread step took ${mean(r1[0]).toFixed(1)} ms on average over ten runs, then ${mean(r1[1]).toFixed(1)} ms for LSTM r = 1 (${less(r1)} % less), and ${mean(r0[0]).toFixed(1)}, then ${mean(r0[1]).toFixed(1)} ms over four for LSTM r = 0 (${less(r0)} % less)`);
    expect(text).toContain(`two-thread LSTM r = 1 step ${less(r1)} % shorter in the alternating A/B of that section`);
  });

  it('states windows -22 and -23 (the code of -20 and -21 twice more) as measured, and the README the span of -20 to -23', () => {
    const text = page.replace(/\s+/g, ' ');
    const reps = ONE_TENSOR_MORE.map((w) => load(join(docs, 'results', w)));
    const cols = expectGoalsTable(reps);
    for (const w of ONE_TENSOR_MORE) expect(readFileSync(join(docs, 'results', w, 'start.txt'), 'utf8')).toContain('06a6820');
    const all = [...ONE_TENSOR, ...ONE_TENSOR_MORE].map((w) => load(join(docs, 'results', w)));
    for (const rep of all) {
      expect(rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65)).toHaveLength(0);
      expect(lm(rep, 2).filter((r) => 100 * r.pairedUtilization! < 65)).toHaveLength(0);
    }
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
    const lowest = (rep: Report) => [...lm(rep, 2)].sort((x, y) => x.utilization - y.utilization)[0];
    const [l21, l22, l23] = all.slice(1).map(lowest);
    expect(text).toContain(`the lowest two-thread row was ${pct(l21.utilization)} (${modelName(l21)} in -21), ${pct(l22.utilization)} (${modelName(l22)} in -22) and ${pct(l23.utilization)} (${modelName(l23)} in -23)`);
    const [m22, m23] = reps.map((rep) => lmRow(rep, 'lstm', 1, 2));
    expect(text).toContain(`LSTM r = 1 on two threads ran at ${pct(m22.utilization)} and ${pct(m23.utilization)} in the last two (paired ${pct(m22.pairedUtilization!)} and ${pct(m23.pairedUtilization!)})`);
    const probes = (ws: string[]) => ws.map((w) => load(join(docs, 'results', w)).matmulGflops);
    const [now, before] = [probes([...ONE_TENSOR, ...ONE_TENSOR_MORE]), probes([...FEWER_ARRAYS, THIRD, FOURTH])];
    const span = (v: number[]) => `${Math.min(...v).toFixed(1)}-${Math.max(...v).toFixed(1)}`;
    expect(text).toContain(`(best probes ${span(now)} GFLOP/s against ${span(before)} in -16 to -19)`);
    expect(Math.max(...now)).toBeLessThan(Math.min(...before));
    expectSpeedPyBelow(text, ONE_TENSOR_MORE, reps, 'the two windows');
    const spans = [...ONE_TENSOR.map(windowColumn), ...cols];
    const low = Math.min(...spans.map((c) => c.speed.min)), high = Math.max(...spans.map((c) => c.speed.max));
    expect(readme.replace(/\s+/g, ' ')).toContain(`then ${low.toFixed(2)}x to ${high.toFixed(2)}x in four with dropout masks drawn by one kernel and layers that hand on one tensor`);
  });

  it('quotes the burst measurement as recorded', () => {
    const text = page.replace(/\s+/g, ' ');
    const lines = [...readFileSync(join(set, 'burst.txt'), 'utf8').matchAll(/^lstm r=[\d.]+ (\d) threads?\s*:.*\(first\/third ([\d.]+)\)$/gm)].map((m) => ({ threads: Number(m[1]), x: Number(m[2]) }));
    expect(lines).toHaveLength(6);
    const span = (t: number) => { const v = lines.filter((l) => l.threads === t).map((l) => l.x); return `${Math.min(...v).toFixed(2)}-${Math.max(...v).toFixed(2)}x`; };
    expect(text).toContain(`the first step of a burst took ${span(2)} as long as the third at two threads (medians over 4 rounds; one thread ${span(1)})`);
    // the windows before the bursts, against this one
    const scale = (file: string) => {
      const b = JSON.parse(readFileSync(file, 'utf8')) as { rows: Row[] };
      const lm = b.rows.filter((r) => r.scope === 'lm');
      const v = lm.filter((r) => r.threads === 2).map((r) => r.tokensPerSecond / lm.find((x) => x.cell === r.cell && x.sharingRate === r.sharingRate && x.threads === 1)!.tokensPerSecond);
      const u = lm.filter((r) => r.threads === 2).map((r) => 100 * r.utilization);
      return { x: `${Math.min(...v).toFixed(2)}-${Math.max(...v).toFixed(2)}x`, lo: Math.min(...u), hi: Math.max(...u) };
    };
    const [a, b, c, d] = [join(set5, 'bench.json'), join(docs, 'results', 'bench-20261202', 'bench.json'), ...SETS.map((n) => join(docs, 'results', n, 'bench.json'))].map(scale);
    expect(text).toContain(`measured two threads at ${Math.min(a.lo, b.lo).toFixed(1)}-${Math.max(a.hi, b.hi).toFixed(1)} % of the matMul rate and ${a.x} and ${b.x} one thread`);
    const pct = (w: typeof c) => pctSpan([w.lo, w.hi]);
    expect(text).toContain(`In the two windows with bursts two threads give ${c.x} and ${d.x} one thread, ${pct(c)} and ${pct(d)} of the matMul rate`);
  });

  it('states the measured ranges, ratios and verdicts of both windows, in the page and the README', () => {
    const figures = reports.map((rep) => {
      expect(rep.reference).toHaveLength(9);
      const lm = (cell: string, r: number, threads: number) => lmRow(rep, cell, r, threads);
      const two = (r: Ref) => lm(r.cell, r.sharingRate, 2);
      const span = (f: (r: Ref) => number) => modelSpan(rep, f);
      const l05 = rep.reference.find((r) => r.cell === 'lstm' && r.sharingRate === 0.5)!;
      const util = (threads: number) => rep.rows.filter((r) => r.scope === 'lm' && r.threads === threads);
      const pct = (v: Row[]) => pctSpan(v.map((r) => 100 * r.utilization));
      const gains = (['lstm', 'gru', 'rnn'] as const).map((cell) => ({ cell, x: lm(cell, 1, 2).tokensPerSecond / lm(cell, 0, 2).tokensPerSecond }));
      return {
        speed: span((r) => two(r).tokensPerSecond / r.tokensPerSecond),
        l05: two(l05).tokensPerSecond / l05.tokensPerSecond,
        epoch: span((r) => r.epochSeconds! / two(r).epochSeconds!),
        util: `one thread ${pct(util(1))}; two threads ${pct(util(2))}`,
        below: rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65).map((r) => `${r.cell.toUpperCase()} r = ${r.sharingRate} ${(100 * r.utilization).toFixed(1)} %`),
        misses: rep.rows.filter((r) => r.scope === 'lm' && 100 * r.utilization < 65).map((r) => 65 - 100 * r.utilization).sort((x, y) => x - y),
        rnnTwo: gains.find((g) => g.cell === 'rnn')!.x,
        gains: gains.map((g) => `${g.cell.toUpperCase()} ${g.x.toFixed(2)}x`).join(', '),
        slower: gains.filter((g) => g.x <= 1).map((g) => g.cell.toUpperCase()),
        rnn: [1, 2].map((t) => (lm('rnn', 1, t).tokensPerSecond / lm('rnn', 0, t).tokensPerSecond).toFixed(2)),
      };
    });
    const [a, b] = figures;
    const both = (metA: boolean, metB: boolean, whyB: string) => (metA && metB ? 'met in both' : metA ? `met in the first; not in the second (${whyB})` : 'not met');
    expect(page).toContain(`| every model at least as fast as the reference | ${a.speed.text} | ${b.speed.text} | ${both(a.speed.min >= 1, b.speed.min >= 1, '')} |`);
    expect(Math.min(a.speed.min, b.speed.min)).toBeGreaterThanOrEqual(1); // the README's "faster than it" on every row
    const all = [...reports, ...LATER.map((n) => load(join(docs, 'results', n))), load(join(SIXTH, 'even'))].flatMap((rep) =>
      rep.reference.map((r) => lmRow(rep, r.cell, r.sharingRate, 2).tokensPerSecond / r.tokensPerSecond));
    expect(readme.replace(/\s+/g, ' ')).toContain(`all nine of the paper's language models, ${Math.min(...all).toFixed(2)}x to ${Math.max(...all).toFixed(2)}x in five windows`);
    expect(page).toContain(`| LSTM r = 0.5 at least 1.4x the reference | ${a.l05.toFixed(2)}x | ${b.l05.toFixed(2)}x | ${both(a.l05 >= 1.4, b.l05 >= 1.4, '')} |`);
    expect(page).toContain(`| an epoch with validation at least 1.3x faster | ${a.epoch.text} | ${b.epoch.text} | ${both(a.epoch.min >= 1.3, b.epoch.min >= 1.3, '')} |`);
    expect(page).toContain(`| every row at least 65 % of the matMul rate | ${a.util} | ${b.util} | ${both(!a.below.length, !b.below.length, b.below.join(', '))} |`);
    expect(page).toContain(`| r = 1 faster than r = 0 for every cell | ${a.gains} | ${b.gains} | ${both(!a.slower.length, !b.slower.length, b.slower.join(', '))} |`);
    const text = page.replace(/\s+/g, ' ');
    expect(text).toContain(`two GRU rows missed 65 % by ${b.misses.map((m) => m.toFixed(1)).join(' and ')} points in the second window, and the RNN's r = 1 ran ${b.rnnTwo.toFixed(3)}x its r = 0 there`);
    // RNN r = 1 over r = 0 on one and two threads, quoted beside the paired measurement
    expect(page.replace(/\s+/g, ' ')).toContain(`In the two windows RNN r = 1 is ${a.rnn[0]}x and ${b.rnn[0]}x r = 0 on one thread and ${a.rnn[1]}x and ${b.rnn[1]}x on two`);
    // the window before the bursts, whose two-thread loss the page goes on to examine
    const old = load(set5);
    const lm5 = old.rows.filter((r) => r.scope === 'lm');
    const scale = lm5.filter((r) => r.threads === 2).map((r) => r.tokensPerSecond / lm5.find((x) => x.cell === r.cell && x.sharingRate === r.sharingRate && x.threads === 1)!.tokensPerSecond);
    expect(page.replace(/\s+/g, ' ')).toContain(`two threads gave ${range(scale, (x) => x.toFixed(2)).join('-')}x one thread, and the 65 % goal was not met`);
  });

  it('quotes the paired r = 1 against r = 0 measurements as recorded', () => {
    // lines "wasm, rnn, 2 thread(s): r = 1 926 ms/step, r = 0 987 ms/step, r0/r1 1.066, ..." and, one thread, "rnn r1 1282 r0 1342 r0/r1 1.047 ..."
    const two = [...readFileSync(join(pairedSet, 'rates-ab-2threads.txt'), 'utf8').matchAll(/, (\w+), 2 thread\(s\): r = 1 (\d+) ms\/step, r = 0 (\d+) ms\/step/g)].map((m) => ({ cell: m[1], x: Number(m[3]) / Number(m[2]) }));
    const text = page.replace(/\s+/g, ' ');
    const rnn = two.filter((t) => t.cell === 'rnn').map((t) => `${t.x.toFixed(2)}x`);
    const of = (cell: string) => `${two.find((t) => t.cell === cell)!.x.toFixed(2)}x`;
    expect(text).toContain(`r = 1 ahead of r = 0 by ${rnn.join(' and ')} in two runs (GRU ${of('gru')}, LSTM ${of('lstm')})`);
    expect(two.every((t) => t.x > 1)).toBe(true); // "restriction pays for every cell"
    const one = [...readFileSync(join(pairedSet, 'rates-ab-rnn.txt'), 'utf8').matchAll(/^rnn r1 (\d+) r0 (\d+) r0\/r1 ([\d.]+)/gm)].map((m) => m.slice(1).map(Number));
    expect(text).toContain(`on one thread r = 1 took ${int(one[0][0])} ms per step against ${int(one[0][1])} at r = 0 (r0/r1 ${one[0][2].toFixed(2)}x), before \`S (x + h)\` ${int(one[1][0])} against ${int(one[1][1])} (${one[1][2].toFixed(2)}x)`);
  });

  it('quotes the training runs that check the two-thread row, and the probe beside them', () => {
    const spans = (file: string) => readFileSync(join(prevSet, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; tokensPerSecond?: number })
      .filter((e) => e.type === 'step').map((e) => e.tokensPerSecond!);
    const text = page.replace(/\s+/g, ' ');
    const [a, b] = ['train-threads2-events.jsonl', 'train-threads2-events-2.jsonl'].map((f) => range(spans(f).slice(1), int).join('-'));
    const prev = JSON.parse(readFileSync(join(prevSet, 'bench.json'), 'utf8')) as { rows: Row[] };
    const l05 = prev.rows.find((x) => x.scope === 'lm' && x.cell === 'lstm' && x.sharingRate === 0.5 && x.threads === 2)!;
    expect(text).toContain(`ran ${a} and ${b} tokens/s over its 10-step spans after the first`);
    expect(text).toContain(`against that window's ${int(l05.tokensPerSecond)}`);
    const probe = readFileSync(join(prevSet, 'train-threads2-probe.txt'), 'utf8');
    const rates = (which: string) => probe.match(new RegExp(`^${which} (.+)$`, 'm'))![1].split(' ').map(Number);
    const [bLo, bHi] = range(rates('before'), (x) => x.toFixed(1));
    const [aLo, aHi] = range(rates('after'), (x) => x.toFixed(1));
    expect(text).toContain(`the probe read ${bLo}-${bHi} GFLOP/s just before the second run and ${aLo}-${aHi} just after it`);
  });

  it('says rightly where speed.py\'s own figures stand against the reference column', () => {
    const quoted = SETS.map((n, k) => {
      const speedPy = readFileSync(join(docs, 'results', n, 'speed-py.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Ref);
      expect(speedPy).toHaveLength(9);
      const ref = (r: Ref) => reports[k].reference.find((x) => x.cell === r.cell && x.sharingRate === r.sharingRate)!;
      const of = speedPy.map((r) => r.tokensPerSecond / ref(r).tokensPerSecond);
      expect(Math.max(...of)).toBeLessThan(1); // "below the column on every row"
      return { tps: range(speedPy.map((r) => r.tokensPerSecond), int).join('-'), of: range(of, (x) => x.toFixed(2)).join('-') };
    });
    expect(page.replace(/\s+/g, ' ')).toContain(`measured ${quoted[0].tps} and ${quoted[1].tps} tokens/s (\`speed-py.jsonl\`), below the column on every row (${quoted[0].of} and ${quoted[1].of} of it)`);
  });

  it('quotes the two-thread breakdown, the A/B of the shared Identity and the probe range as recorded', () => {
    const text = page.replace(/\s+/g, ' ');
    const two = readFileSync(join(prevSet, 'two-threads.txt'), 'utf8');
    const phases = two.match(/step (\d+) ms = before send (\d+) \+ until both shards done \d+ \(worker busy (\d+)\) \+ merge\/clip\/update (\d+)/)!;
    expect(text).toContain(`per step ${phases[2]} ms to send the weights to the worker and ${phases[4]} ms to add the two halves' gradients`);
    expect(text).toContain(`the step waits on the worker's half (${phases[3]} ms)`);
    const runs = [...two.matchAll(/batch 80 alone (\d+)\/\d+ \| batch 40 alone (\d+)\/\d+ \| batch 40 x2 concurrent (\d+)\/(\d+) (\d+)\/(\d+)/g)].map((m) => m.slice(1).map(Number));
    expect(runs).toHaveLength(3);
    const span = (v: number[]) => range(v, int).join('-');
    expect(text).toContain(`batch-40 shard took ${span(runs.map((r) => r[1]))} ms against ${span(runs.map((r) => r[0]))} ms for batch 80`);
    const best = runs.flatMap((r) => [r[2], r[4]]);
    const median = runs.flatMap((r) => [r[3], r[5]]);
    expect(text).toContain(`two shards side by side took ${span(best)} ms (best) and ${span(median)} ms (median)`);
    // each run: alone best/median in the batch-40 columns, then two side-by-side best/median pairs
    const alone = [...two.matchAll(/batch 40 alone (\d+)\/(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const pct = (f: (r: number[], a: number[]) => number[]) => {
      const v = runs.flatMap((r, i) => f(r, alone[i]));
      return `${Math.round(Math.min(...v))}-${Math.round(Math.max(...v))} %`;
    };
    const bestMore = pct((r, a) => [r[2], r[4]].map((x) => (100 * (x - a[0])) / a[0]));
    const medianMore = pct((r, a) => [r[3], r[5]].map((x) => (100 * (x - a[1])) / a[1]));
    expect(text).toContain(`best against best ${bestMore} more than alone, median against median ${medianMore}`);
    const ab = readFileSync(join(prevSet, 'identity-ab.txt'), 'utf8');
    expect(text).toContain(`${-Number(ab.match(/sharing Identity \d+ ms\/step, copying \d+, paired difference (-?\d+) ms/)![1])} ms less per one-thread LSTM r = 0.5 step`);
    expect(text).toContain(`${-Number(ab.match(/logits \[2800, 10000\]: .*paired difference (-?[\d.]+) ms/)![1])} ms less per [2,800 × 10,000] logits product`);
    const probes = (dir: string) => {
      const v = [...readFileSync(join(dir, 'bench.err'), 'utf8').matchAll(/(\d+\.\d) GFLOP\/s|\] (\d+\.\d)/g)].map((m) => Number(m[1] ?? m[2]));
      return `${Math.min(...v).toFixed(1)}-${Math.max(...v).toFixed(1)}`;
    };
    const [p2, p3] = SETS.map((n) => probes(join(docs, 'results', n)));
    expect(text).toContain(`window bench-20261202-2 the matMul probe read ${p2} GFLOP/s (the rounds' own probes are in \`bench.err\`), in bench-20261202-3 ${p3}, in bench-20261201-5 it was steady (${probes(set5)} GFLOP/s), in bench-20261201-4 it read ${probes(prevSet)}`);
  });

  it('quotes the two-thread runs after bench-20261201-5 as recorded', () => {
    const text = page.replace(/\s+/g, ' ');
    const two = readFileSync(join(set5, 'two-threads.txt'), 'utf8');
    const steps = [...two.matchAll(/step (\d+) ms = before send (\d+) \+ until both shards done \d+ \(worker busy (\d+)\) \+ merge\/clip\/update (\d+)/g)].map((m) => m.slice(1).map(Number));
    expect(steps).toHaveLength(5);
    const later = steps.slice(1).map((s) => s[0]);
    expect(text).toContain(`took ${int(steps[0][0])} ms in one run of \`phases.mjs\` and ${Math.min(...later)}-${Math.max(...later)} ms in four runs after it`);
    expect(text).toContain(`in the slow run the worker took ${steps[0][2]} ms`);
    const send = steps.map((s) => s[1]);
    const merge = steps.map((s) => s[3]);
    expect(text).toContain(`per step ${Math.min(...send)}-${Math.max(...send)} ms to send the weights to the worker and ${Math.min(...merge)}-${Math.max(...merge)} ms to add the`);
    const fast = steps.find((s) => s[0] === Math.min(...later.filter((x) => x !== Math.min(...later)))) ?? steps[1];
    expect(text).toContain(`at ${fast[0]} ms the worker's half took ${fast[2]} ms`);
    const halves = [...two.matchAll(/^(\w+) r=0\.5: batch 40 median (\d+) ms, batch 80 median (\d+) ms, 2\*b40\/b80 ([\d.]+)/gm)].map((m) => ({ cell: m[1], b40: Number(m[2]), x: Number(m[4]) }));
    expect(halves).toHaveLength(3);
    expect(text).toContain(`(LSTM ${halves[0].x.toFixed(2)}x, RNN ${halves[1].x.toFixed(2)}x, GRU ${halves[2].x.toFixed(2)}x`);
    expect(text).toContain(`against ${halves[0].b40} ms for a half alone`);
  });
  it('quotes the next window and the threaded-build comparison as recorded', () => {
    const text = page.replace(/\s+/g, ' ');
    const next = join(docs, 'results', 'bench-20261202');
    const b = JSON.parse(readFileSync(join(next, 'bench.json'), 'utf8')) as { rows: Row[]; reference: Ref[] };
    const row = (r: Ref, threads: number) => b.rows.find((x) => x.scope === 'lm' && x.cell === r.cell && x.sharingRate === r.sharingRate && x.threads === threads)!;
    const x = b.reference.map((r) => row(r, 2).tokensPerSecond / r.tokensPerSecond);
    const l05 = b.reference.find((r) => r.cell === 'lstm' && r.sharingRate === 0.5)!;
    const util = (t: number) => b.rows.filter((r) => r.scope === 'lm' && r.threads === t).map((r) => 100 * r.utilization);
    const probes = [...readFileSync(join(next, 'bench.err'), 'utf8').matchAll(/\] (\d+\.\d)/g)].map((m) => Number(m[1]));
    expect(text).toContain(
      `measured ${Math.min(...x).toFixed(2)}x to ${Math.max(...x).toFixed(2)}x the reference, LSTM r = 0.5 at ${(row(l05, 2).tokensPerSecond / l05.tokensPerSecond).toFixed(2)}x, ` +
        `one thread ${pctSpan(util(1))} and two threads ${pctSpan(util(2))} of the matMul rate, with the probe at ${Math.min(...probes).toFixed(1)}-${Math.max(...probes).toFixed(1)} GFLOP/s`,
    );
    expect(Math.min(...util(2))).toBeLessThan(65); // "the same verdicts"
    const wt = readFileSync(join(next, 'wasm-threads.txt'), 'utf8');
    const medians = (re: RegExp) => [...wt.matchAll(re)].map((m) => Number(m[1]));
    const threaded = (cell: string) => medians(new RegExp(`^${cell}: training step median (\\d+) ms`, 'gm'));
    const phases = (cell: string) => medians(new RegExp(`^${cell}: step (\\d+) ms =`, 'gm'));
    // the two threaded runs after the alternation (the last two of four 2-thread medians per cell), against the phases runs beside them
    const pair = (cell: string) => `${threaded(cell).slice(-2).join(' and ')} against ${phases(cell).join(' and ')}`;
    expect(text).toContain(`LSTM r = 0.5 ${pair('lstm r=0.5')}, RNN r = 1 ${pair('rnn r=1')}, GRU r = 0.5 ${pair('gru r=0.5')}`);
    // "1.54-1.73x faster than one thread": each 2-thread median over the 1-thread median of the process after it
    const speedups = ['lstm r=0.5', 'rnn r=1', 'gru r=0.5'].flatMap((cell) => {
      const m = threaded(cell);
      return [m[1] / m[0], m[3] / m[2]];
    });
    expect(text).toContain(`train ${Math.min(...speedups).toFixed(2)}-${Math.max(...speedups).toFixed(2)}x faster than one thread`);
  });
});
