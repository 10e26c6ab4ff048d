import type { z } from 'zod';

/** Where a command writes: stdout for results, stderr for progress and problems. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: draw progress bars. */
  isTTY: boolean;
  /** Width of the terminal (progress lines are cut to it). */
  columns: number;
  /** Folder relative paths resolve against. */
  cwd: string;
}

/**
 * One option: how it is spelled on the command line (`kind`, `short`), what
 * it accepts (`schema`, validated with zod whether it came from a flag or a
 * `--config` file) and its help line. The option's key is camelCase; its flag
 * is the kebab-case form (`dataDir` -> `--data-dir`).
 */
export interface Opt<S extends z.ZodTypeAny = z.ZodTypeAny> {
  kind: 'string' | 'boolean';
  schema: S;
  help: string;
  /** Placeholder in the usage line, e.g. `<n>`. */
  arg?: string;
  short?: string;
  /** A switch whose default is on: usage shows `--[no-]name`. (`--no-<name>` is accepted for every switch.) */
  negatable?: boolean;
}

export type Opts = Record<string, Opt>;

/** The validated option values of a command, typed from its option table. */
export type Values<O extends Opts> = { [K in keyof O]: z.infer<O[K]['schema']> };

/** A positional argument of a command. */
export interface Arg {
  name: string;
  help: string;
  optional?: boolean;
}

/** What a command's `run` receives. */
export interface Context<O extends Opts> {
  opts: Values<O>;
  args: string[];
  io: Io;
  /** Aborted on Ctrl-C (SIGINT). */
  signal: AbortSignal;
}

/** A subcommand of `rrnn`: its arguments, its options and what it does. Returns the exit code (default 0). */
export interface Command<O extends Opts = Opts> {
  name: string;
  summary: string;
  args: Arg[];
  options: O;
  /** Paragraph lines shown after the options in `--help`. */
  notes?: string[];
  /** Lines shown under "Examples" in `--help`. */
  examples?: string[];
  /**
   * Defaults of options whose schema leaves them undefined because another
   * package owns them (train's come from @rrnn/train's DEFAULT_CONFIG); `--help` shows them.
   */
  defaults?(): Promise<Partial<Record<keyof O, unknown>>>;
  /** Trains or evaluates models: the `rrnn` program runs it under the compute process's Node flags (launch.ts's `NODE_FLAGS`). */
  computes?: boolean;
  run(ctx: Context<O>): Promise<number | void>;
}

/** Declare a command with its option types inferred. */
export function defineCommand<O extends Opts>(command: Command<O>): Command<O> {
  return command;
}

/** `dataDir` -> `data-dir`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `data-dir` -> `dataDir`. */
export function keyName(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
