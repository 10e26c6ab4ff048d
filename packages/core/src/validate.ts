/** Input checks shared by every entry point: each error names the option, the value and what is allowed. */

/** Where a value came from, appended to error messages, e.g. ` (layer 2)`. */
export function where(layer?: number): string {
  return layer === undefined ? '' : ` (layer ${layer})`;
}

/** Throws unless `value` is an integer >= 1. */
export function checkSize(name: string, value: number, layer?: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${String(value)}${where(layer)}`);
  }
}

/** Throws unless `rate` is a finite number in [0, 1]. */
export function checkRate(rate: number, layer?: number): void {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new Error(`sharingRate must be in [0, 1], got ${String(rate)}${where(layer)}`);
  }
}

/** Formats a shape for messages: `[3, 4, 5]`. */
export function fmtShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}
