/** The exit codes of `rrnn`: success, runtime failure, usage error, interrupted (Ctrl-C). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/**
 * The two ways a command fails. A usage error (bad flag, bad value, wrong
 * arguments) prints the problem and the command's usage and exits 2; a
 * runtime error prints one line naming the cause and exits 1.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  /** Exit status the CLI uses for usage errors. */
  readonly exitCode = EXIT.usage;
}

/** A failure while doing the work (missing file, diverged run, ...): exit 1. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
  readonly exitCode = EXIT.failure;
}

/** The first line of any thrown value's message, for the one-line failure report. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message.split('\n').find((l) => l.trim() !== '') ?? message).trim();
}
