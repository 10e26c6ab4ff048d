import { describe, expect, it } from 'vitest';
import { lineChartSvg, logTicks, niceTicks, shortNumber } from '../src/sweep/chart';
import { learningCurveChart, toCsv, toMarkdown, sweepRow, meanOverSeeds, waitingRow } from '../src/sweep/results';
import { gridPoints, pointGrid } from '../src/sweep/grid';
import type { RunResult } from '../src/training/evaluate';

describe('svg chart', () => {
  const series = [
    { name: 'LSTM', points: [{ x: 974800, y: 107 }, { x: 552700, y: 103.5 }, { x: 130600, y: 188 }] },
    { name: 'RNN', points: [{ x: 251200, y: 222 }] },
  ];

  it('draws one polyline per multi-point series, a marker per point, axes labels and a legend', () => {
    const svg = lineChartSvg({ title: 'PTB', xLabel: 'RNN parameters', yLabel: 'test perplexity', series });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg.match(/<circle /g)).toHaveLength(4 + 2); // points + legend markers
    expect(svg).toContain('>RNN parameters<');
    expect(svg).toContain('>test perplexity<');
    expect(svg).toContain('<g class="legend">');
    // points sorted by x: the polyline goes left to right
    const xs = /points="([^"]+)"/.exec(svg)![1].split(' ').map((p) => Number(p.split(',')[0]));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // the highest perplexity is drawn highest up (smallest y)
    const ys = /points="([^"]+)"/.exec(svg)![1].split(' ').map((p) => Number(p.split(',')[1]));
    expect(ys[0]).toBeLessThan(ys[1]); // 188 at x=130600 above 103.5 at x=552700
  });

  it('switches the y axis to a log scale when a diverged run sits beside trained ones', () => {
    const diverged = [{ name: 'LSTM', points: [{ x: 50200, y: 531 }, { x: 190900, y: 394 }, { x: 331600, y: 320 }] }, { name: 'RNN', points: [{ x: 90400, y: 7.9e6 }] }];
    const svg = lineChartSvg({ title: 'PTB', xLabel: 'RNN parameters', yLabel: 'test perplexity', series: diverged });
    expect(svg).toContain('>test perplexity (log scale)<');
    const cy = (label: string) => Number(new RegExp(`cy="([\\d.]+)" r="3.5" fill="[^"]+"><title>${label}`).exec(svg)![1]);
    // log scale: 320 -> 531 (x1.66) spans a visible distance, and far less than 531 -> 7.9e6 (x15,000)
    const [low, mid, top] = [cy('LSTM: 332k, 320.00'), cy('LSTM: 50.2k, 531.00'), cy('RNN: 90.4k, 7900000.00')];
    expect(low - mid).toBeGreaterThan(10);
    expect(mid - top).toBeGreaterThan(10 * (low - mid));
    expect(lineChartSvg({ title: 'PTB', xLabel: 'x', yLabel: 'test perplexity', series })).not.toContain('(log scale)<');
  });

  it('escapes text and survives empty and single-point data', () => {
    const svg = lineChartSvg({ title: 'a < b & "c"', xLabel: 'x', yLabel: 'y', series: [{ name: 'only', points: [{ x: 5, y: 5 }] }] });
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(svg).not.toContain('NaN');
    expect(lineChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).not.toContain('NaN');
  });

  it('ticks are round numbers inside the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(103, 188, 5)).toEqual([120, 140, 160, 180]);
    expect(logTicks(100000, 1000000)).toEqual([100000, 200000, 500000, 1000000]);
    expect(shortNumber(974800)).toBe('975k');
    expect(shortNumber(2552700)).toBe('2.55M');
  });
});

describe('sweep results', () => {
  const fake = (test: number, rnnParameters: number): RunResult => ({
    test: { perplexity: test, loss: Math.log(test), tokens: 10 }, valid: { perplexity: test + 1, loss: 0, tokens: 10 },
    compression: { parameters: { rnnParameters, total: rnnParameters + 5, embedding: 0, recurrent: 0, decoderWeight: 0, decoderBias: 0 } },
    train: { epochs: 1, steps: 7, bestValidPerplexity: test + 1, seconds: 3, stopReason: 'completed' },
  }) as unknown as RunResult;

  it('grid order, csv quoting, mean over seeds, markdown pivot', () => {
    const points = gridPoints({ cells: ['lstm'], rates: [1, 0], seeds: [0, 1] });
    expect(points.map((p) => p.name)).toEqual(['lstm-r1-s0', 'lstm-r1-s1', 'lstm-r0-s0', 'lstm-r0-s1']);
    const rows = [sweepRow(points[0], fake(100, 10)), sweepRow(points[1], fake(110, 10)), sweepRow(points[2], fake(90, 20)), sweepRow(points[3], undefined, 'diverged, "nan"')];
    const csv = toCsv(rows).trim().split('\n');
    expect(csv[0]).toBe('name,cell,sharingRate,seed,status,rnnParameters,totalParameters,validPerplexity,testPerplexity,finalTestPerplexity,bestValidPerplexity,epochs,steps,seconds,tokensPerSecond,validCurve,error');
    expect(csv[1]).toBe('lstm-r1-s0,lstm,1,0,done,10,15,101,100,,101,1,7,3,,,');
    expect(csv[4]).toBe('lstm-r0-s1,lstm,0,1,failed,,,,,,,,,,,,"diverged, ""nan"""');
    expect(meanOverSeeds(rows)).toEqual([
      { cell: 'lstm', sharingRate: 1, rnnParameters: 10, testPerplexity: 105, validPerplexity: 106, runs: 2 },
      { cell: 'lstm', sharingRate: 0, rnnParameters: 20, testPerplexity: 90, validPerplexity: 91, runs: 1 },
    ]);
    const md = toMarkdown(rows, { title: 'T', command: 'rrnn sweep', description: 'd', charts: ['c.svg'] });
    expect(md).toContain('| lstm: test ppl | 105.00 | 90.00 |');
    expect(md).toContain('![c.svg](c.svg)');
    expect(md).toContain('| lstm-r0-s1 | lstm | 0 | 1 | - | failed | failed | failed | - | - | - | - |');
  });

  it('a run still training shows its curve so far and "training", never "failed"; the final checkpoint has its column', () => {
    const points = pointGrid({ points: [{ cell: 'lstm', rate: 0 }, { cell: 'lstm', rate: 0.5 }], seeds: [0] });
    const done = { ...fake(90, 20), final: { valid: { loss: 0, perplexity: 95 }, test: { loss: 0, perplexity: 93.5 }, isBest: false } } as RunResult;
    const rows = [
      sweepRow(points[0], done, undefined, { validCurve: [300, 200, 95], trainCurve: [400, 250, 150], steps: 30, tokensPerSecond: 1000 }),
      sweepRow(points[1], undefined, undefined, { validCurve: [310, 190], trainCurve: [410, 240], steps: 20, tokensPerSecond: 1100 }),
    ];
    expect(rows.map((r) => r.status)).toEqual(['done', 'training']);
    expect(rows[1]).toMatchObject({ bestValidPerplexity: 190, epochs: 2, steps: 20, testPerplexity: null, error: null });
    expect(toCsv(rows).split('\n')[1]).toBe('lstm-r0-s0,lstm,0,0,done,20,25,91,90,93.5,91,1,7,3,1000,300.00 200.00 95.00,');
    const md = toMarkdown(rows, { title: 'T', command: 'c', description: 'd', charts: [] });
    expect(md).toMatch(/\| lstm: test ppl \| 90\.00 \| training \|/);
    expect(md).toContain('| lstm-r0.5-s0 | lstm | 0.5 | 0 | - | 190.00 | training | training | 2 | 20 | - | 1100 |');
    const svg = learningCurveChart(rows, 'curves');
    expect(svg).toContain('data-name="LSTM r=0"');
    expect(svg).toContain('data-name="LSTM r=0.5 (training)"');
    expect(svg.match(/<circle/g)?.length).toBe(5 + 2); // 5 curve points + 2 legend markers
    expect(sweepRow(points[1], undefined, 'exit 1', { validCurve: [], trainCurve: [], steps: 3, tokensPerSecond: null }).status).toBe('failed');
    const waiting = waitingRow(points[1], { rnnParameters: 552_700, total: 2_552_700 });
    expect(waiting).toMatchObject({ status: 'waiting', rnnParameters: 552_700, error: null, validCurve: [] });
    expect(toMarkdown([rows[0], waiting], { title: 'T', command: 'c', description: 'd', charts: [] })).toContain('| lstm-r0.5-s0 | lstm | 0.5 | 0 | 552,700 | waiting | waiting | waiting | - | - | - | - |');
  });

  it('a --points sweep marks the pairs it did not train "-", failed ones "failed"', () => {
    const points = pointGrid({ points: [{ cell: 'lstm', rate: 0 }, { cell: 'lstm', rate: 1 }, { cell: 'rnn', rate: 0 }], seeds: [0] });
    expect(points.map((p) => p.name)).toEqual(['lstm-r0-s0', 'lstm-r1-s0', 'rnn-r0-s0']);
    const rows = [sweepRow(points[0], fake(90, 20)), sweepRow(points[1], undefined, 'diverged'), sweepRow(points[2], fake(200, 15))];
    const md = toMarkdown(rows, { title: 'T', command: 'rrnn sweep', description: 'd', charts: [] });
    expect(md).toMatch(/\| lstm: test ppl \| 90\.00 \| failed \|/);
    expect(md).toMatch(/\| rnn: test ppl \| 200\.00 \| - \|/);
  });
});
