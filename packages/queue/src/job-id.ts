import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal configs give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** First 16 hex digits of the SHA-256 of the run's canonical JSON (sweep, name and config). */
export function configHash(sweepId: string, name: string, config: unknown): string {
  return createHash('sha256').update(canonicalJson({ sweepId, name, config })).digest('hex').slice(0, 16);
}

/**
 * The BullMQ job id of one run: `<sweep>.<run>.<hash>`. The same run submitted
 * again gets the same id, which BullMQ refuses to add twice, so re-submitting
 * a sweep never duplicates a queued, running or finished run.
 */
export function jobIdFor(sweepId: string, name: string, config: unknown): string {
  return `${sweepId}.${name}.${configHash(sweepId, name, config)}`;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Sweep ids and run names become folder names and job ids: letters, digits, `.`, `_`, `-` only. */
export function checkName(what: 'sweep id' | 'run name', name: string): void {
  if (!SAFE_NAME.test(name) || name.includes('..')) {
    throw new Error(`queue: ${what} ${JSON.stringify(name)} must be letters, digits, '.', '_' or '-' (it names a folder and a job id), e.g. "ptb-lstm" or "lstm-r0.5-s0"`);
  }
}
