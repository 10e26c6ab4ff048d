/**
 * A line chart as hand-written SVG (no dependencies, pure): one polyline with
 * point markers per series, axes with tick labels, axis titles and a legend.
 * Used for the paper-style figure "perplexity against parameter count, one
 * line per cell".
 */

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: Point[];
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Logarithmic x axis (default: when the x range spans more than 20x). */
  logX?: boolean;
  /** Logarithmic y axis (default: when the y range spans more than 10x, e.g. a diverged run beside trained ones). */
  logY?: boolean;
  width?: number;
  height?: number;
}

/** Colours of the series, in order (colour-blind safe). */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];

/** 1, 2, 5 x 10^k steps covering [lo, hi] with about `count` ticks. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Ticks of a log axis: 1, 2, 5 x 10^k inside [lo, hi] (just powers of ten when that gives enough). */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** k;
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push(t);
    }
  }
  return ticks.length >= 3 ? ticks : niceTicks(lo, hi);
}

/** `974800` -> `975k`, `2552700` -> `2.55M`, `107.3` -> `107`. */
export function shortNumber(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e6) return `${Number((x / 1e6).toPrecision(3))}M`;
  if (a >= 1e3) return `${Number((x / 1e3).toPrecision(3))}k`;
  return String(Number(x.toPrecision(3)));
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart as a standalone SVG document. */
export function lineChartSvg(spec: ChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 420;
  const margin = { left: 72, right: 140, top: 40, bottom: 56 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const points = spec.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (points.length === 0) [x0, x1, y0, y1] = [0, 1, 0, 1];
  const logX = spec.logX ?? (x0 > 0 && x1 / x0 > 20);
  if (x1 === x0) [x0, x1] = logX ? [x0 / 2, x1 * 2] : [x0 - 1, x1 + 1];
  const logY = spec.logY ?? (y0 > 0 && y1 / y0 > 10);
  if (y1 === y0) [y0, y1] = logY ? [y0 / 2, y1 * 2] : [y0 - 1, y1 + 1];
  if (logY) {
    const pad = (Math.log(y1) - Math.log(y0)) * 0.08;
    [y0, y1] = [y0 / Math.exp(pad), y1 * Math.exp(pad)];
  } else {
    const yPad = (y1 - y0) * 0.08;
    [y0, y1] = [y0 - yPad, y1 + yPad];
  }
  if (!logX) {
    const xPad = (x1 - x0) * 0.05;
    [x0, x1] = [x0 - xPad, x1 + xPad];
  }
  const fx = (x: number) => (logX ? (Math.log(x) - Math.log(x0)) / (Math.log(x1) - Math.log(x0)) : (x - x0) / (x1 - x0));
  const px = (x: number) => margin.left + fx(x) * plotW;
  const fy = (y: number) => (logY ? (Math.log(y) - Math.log(y0)) / (Math.log(y1) - Math.log(y0)) : (y - y0) / (y1 - y0));
  const py = (y: number) => margin.top + (1 - fy(y)) * plotH;
  const f = (v: number) => v.toFixed(1);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<title>${escapeXml(spec.title)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${f(margin.left + plotW / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(spec.title)}</text>`);
  // grid and ticks
  const xTicks = logX ? logTicks(x0, x1) : niceTicks(x0, x1);
  const yTicks = logY ? logTicks(y0, y1) : niceTicks(y0, y1);
  out.push('<g class="grid" stroke="#e5e5e5" stroke-width="1">');
  for (const t of xTicks) out.push(`<line x1="${f(px(t))}" y1="${margin.top}" x2="${f(px(t))}" y2="${margin.top + plotH}"/>`);
  for (const t of yTicks) out.push(`<line x1="${margin.left}" y1="${f(py(t))}" x2="${margin.left + plotW}" y2="${f(py(t))}"/>`);
  out.push('</g>');
  out.push(`<g class="axes" stroke="#333333" stroke-width="1"><line x1="${margin.left}" y1="${margin.top + plotH}" x2="${margin.left + plotW}" y2="${margin.top + plotH}"/><line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotH}"/></g>`);
  out.push('<g class="tick-labels" fill="#333333">');
  for (const t of xTicks) out.push(`<text x="${f(px(t))}" y="${margin.top + plotH + 16}" text-anchor="middle">${shortNumber(t)}</text>`);
  for (const t of yTicks) out.push(`<text x="${margin.left - 6}" y="${f(py(t) + 4)}" text-anchor="end">${shortNumber(t)}</text>`);
  out.push('</g>');
  out.push(`<text class="x-label" x="${f(margin.left + plotW / 2)}" y="${height - 14}" text-anchor="middle">${escapeXml(spec.xLabel)}${logX ? ' (log scale)' : ''}</text>`);
  out.push(`<text class="y-label" transform="translate(18 ${f(margin.top + plotH / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}${logY ? ' (log scale)' : ''}</text>`);
  // series
  spec.series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const pts = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
    out.push(`<g class="series" data-name="${escapeXml(s.name)}">`);
    if (pts.length > 1) out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.map((p) => `${f(px(p.x))},${f(py(p.y))}`).join(' ')}"/>`);
    for (const p of pts) out.push(`<circle cx="${f(px(p.x))}" cy="${f(py(p.y))}" r="3.5" fill="${colour}"><title>${escapeXml(`${s.name}: ${shortNumber(p.x)}, ${p.y.toFixed(2)}`)}</title></circle>`);
    out.push('</g>');
  });
  // legend
  const lx = margin.left + plotW + 16;
  out.push('<g class="legend">');
  spec.series.forEach((s, i) => {
    const y = margin.top + 10 + i * 20;
    const colour = PALETTE[i % PALETTE.length];
    out.push(`<line x1="${lx}" y1="${y}" x2="${lx + 22}" y2="${y}" stroke="${colour}" stroke-width="2"/><circle cx="${lx + 11}" cy="${y}" r="3.5" fill="${colour}"/><text x="${lx + 28}" y="${y + 4}">${escapeXml(s.name)}</text>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
