import { z } from 'zod';

/**
 * Zod schemas for option values. A value arrives either as a string (from a
 * flag) or as any JSON value (from a `--config` file), so each schema first
 * turns strings into the type it wants, then validates.
 */

const fromString = (parse: (s: string) => unknown) => (v: unknown) => (typeof v === 'string' ? parse(v.trim()) : v);
/** Decimal notation only (`12`, `-0.5`, `.25`, `1e-6`): `0x10`, `0b1`, `Infinity` stay text and fail as not a number. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const numberLike = (s: string) => (DECIMAL.test(s) ? Number(s) : s);
const listLike = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');

/** Any finite number. */
export const num = () => z.preprocess(fromString(numberLike), z.number({ invalid_type_error: 'expected a decimal number' }).finite());

/** The largest embedding/hidden/vocabulary/batch size the CLI accepts (a layer that wide is already far past any machine's memory). */
export const MAX_SIZE = 1_000_000;
/** The most recurrent layers the CLI accepts. */
export const MAX_LAYERS = 1000;

/** A positive integer (sizes, counts, steps), at most `max` (default: exactly representable). */
export const posInt = (max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(fromString(numberLike), z.number({ invalid_type_error: 'expected a positive integer' }).int('expected a positive integer').positive('expected a positive integer')
    .max(max, `expected a positive integer of at most ${max.toLocaleString('en-US')}`));

/** A non-negative integer (seeds). */
export const natural = () => z.preprocess(fromString(numberLike), z.number({ invalid_type_error: 'expected a non-negative integer' }).int('expected a non-negative integer').nonnegative('expected a non-negative integer'));

const rateSchema = z.number({ invalid_type_error: 'expected a sharing rate between 0 and 1' })
  .min(0, 'a sharing rate must be between 0 and 1').max(1, 'a sharing rate must be between 0 and 1');

/** A probability-like number in [0, 1] (sharing rates, dropout). */
export const unit = (what = 'a sharing rate') =>
  z.preprocess(fromString(numberLike), z.number({ invalid_type_error: `expected ${what} between 0 and 1` })
    .min(0, `${what} must be between 0 and 1`).max(1, `${what} must be between 0 and 1`));

/** A list of sharing rates: `"1,0.5,0"`, a number, or an array. */
export const rateList = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? listLike(v).map(numberLike) : typeof v === 'number' ? [v] : v),
    z.array(rateSchema).nonempty('give at least one sharing rate'),
  );

/** A list of non-negative integers (seeds): `"0,1,2"`, a number, or an array. */
export const intList = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? listLike(v).map(numberLike) : typeof v === 'number' ? [v] : v),
    z.array(z.number({ invalid_type_error: 'expected integers' }).int('expected integers').nonnegative('expected non-negative integers')).nonempty('give at least one value'),
  );

/**
 * Explicit grid points `cell:rate`, e.g. `"lstm:0,lstm:0.5,rnn:0"` (or an
 * array of such strings / `{cell, rate}` objects in a config file), for
 * comparisons that are not a full cells x rates grid.
 */
export const pointList = <T extends string>(cells: readonly [T, ...T[]]) =>
  z.preprocess(
    (v) => {
      const items = typeof v === 'string' ? listLike(v) : v;
      if (!Array.isArray(items)) return items;
      return items.map((x: unknown) => {
        if (typeof x !== 'string') return x;
        const [cell, rate, ...rest] = x.split(':').map((s) => s.trim());
        return rest.length > 0 || rate === undefined ? x : { cell: cell.toLowerCase(), rate: numberLike(rate) };
      });
    },
    z.array(
      z.object(
        { cell: z.enum(cells, { errorMap: () => ({ message: `expected a cell among ${cells.join(', ')}` }) }), rate: rateSchema },
        { invalid_type_error: 'expected cell:rate pairs such as lstm:0.5' },
      ),
    ).nonempty('give at least one cell:rate pair'),
  );

/** One of a fixed set of words. */
export const oneOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess(fromString((s) => s.toLowerCase()), z.enum(values, { errorMap: () => ({ message: `expected one of ${values.join(', ')}` }) }));

/** A comma-separated list drawn from a fixed set of words, e.g. `rnn,gru,lstm`. */
export const listOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? listLike(v.toLowerCase()) : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x.toLowerCase() : x)) : v),
    z.array(z.enum(values, { errorMap: () => ({ message: `expected one of ${values.join(', ')}` }) })).nonempty(`give at least one of ${values.join(', ')}`),
  );

/** A non-empty string (paths, names). */
export const text = () => z.string({ invalid_type_error: 'expected text' }).min(1, 'expected a non-empty value');

/** One or more non-empty strings (paths): `"a.jsonl,b.jsonl"`, or an array in a config file. */
export const textList = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? listLike(v) : v),
    z.array(text()).nonempty('give at least one value'),
  );

/** A flag: `true`/`false` in a config file, presence on the command line. */
export const flag = () => z.preprocess(fromString((s) => (s === 'true' ? true : s === 'false' ? false : s)), z.boolean({ invalid_type_error: 'expected true or false' }));
