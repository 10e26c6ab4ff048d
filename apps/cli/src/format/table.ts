/** Plain-text and markdown tables: right-aligned numbers, left-aligned words. */

export type Cell = string | number;

const isNumeric = (c: Cell) => typeof c === 'number' || /^-?[\d,.]+%?$/.test(c);

/** Thousands separators for integers (`974800` -> `974,800`), fixed digits for fractions. */
export function formatNumber(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(digits);
}

const show = (c: Cell) => (typeof c === 'number' ? formatNumber(c) : c);

/** A terminal table with a header rule; numeric columns right-aligned. */
export function textTable(headers: string[], rows: Cell[][]): string {
  const cells = rows.map((r) => r.map(show));
  const widths = headers.map((h, j) => Math.max(h.length, ...cells.map((r) => r[j].length)));
  const right = headers.map((_, j) => rows.length > 0 && rows.every((r) => isNumeric(r[j])));
  const line = (r: string[]) => r.map((c, j) => (right[j] ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}

/** A GitHub-flavoured markdown table; numeric columns right-aligned. */
export function markdownTable(headers: string[], rows: Cell[][]): string {
  const cells = rows.map((r) => r.map(show));
  const right = headers.map((_, j) => rows.length > 0 && rows.every((r) => isNumeric(r[j])));
  const row = (r: string[]) => `| ${r.join(' | ')} |`;
  return [row(headers), row(right.map((x) => (x ? '---:' : '---'))), ...cells.map(row)].join('\n') + '\n';
}
