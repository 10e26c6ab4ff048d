import { flagName, type Opts, type Values } from './command.js';

/**
 * Option values back to flags, the inverse of `parseCommandLine`:
 * `{hidden: 200, tied: false}` -> `--hidden 200 --no-tied` (undefined values are left out).
 */
export function toArgv<O extends Opts>(table: O, values: Partial<Values<O>>): string[] {
  return Object.keys(table).flatMap((key) => {
    const v = (values as Record<string, unknown>)[key];
    if (v === undefined) return [];
    if (typeof v === 'boolean') return [v ? `--${flagName(key)}` : `--no-${flagName(key)}`];
    return [`--${flagName(key)}`, Array.isArray(v) ? v.join(',') : String(v)];
  });
}
