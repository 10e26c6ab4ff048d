/** @packageDocumentation The `rrnn` command line, as a library: `main(argv)` returns an exit code. */
import { createRequire } from 'node:module';
import type { Command, Io } from './framework/command.js';
import { EXIT, RuntimeError, UsageError, oneLine } from './framework/errors.js';
import { parseCommandLine } from './framework/parse.js';
import { didYouMean } from './framework/suggest.js';
import { helpText, mainUsage } from './framework/usage.js';
import { commandHelpPages, commandTable } from './framework/reference.js';
import { commands } from './commands/index.js';

export type { Command, Io } from './framework/command.js';

/**
 * The documentation's CLI reference, made from the command registry itself
 * so that it cannot drift: `table` lists every command, `help` holds every
 * command's `--help` text (the docs build writes both into the guide).
 */
export async function cliReference(): Promise<{ table: string; help: string; main: string }> {
  return { table: commandTable(commands), help: await commandHelpPages(commands), main: mainUsage(commands, version) };
}

const version = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** The process's stdout/stderr as an Io. */
export function processIo(): Io {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    columns: process.stderr.columns || 100,
    // `pnpm rrnn ...` runs in the workspace root; INIT_CWD is where the user typed it
    cwd: process.env.npm_lifecycle_event === 'rrnn' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd(),
  };
}

/** A usage error: the problem and where the options are listed, not the whole usage (exit 2). */
function usageProblem(command: Command, err: UsageError, io: Io): number {
  io.err(`rrnn ${command.name}: ${err.message}\nSee 'rrnn ${command.name} --help' for its options.\n`);
  return err.exitCode;
}

/** Run one command with its argv; usage errors print the problem and how to see help (exit 2), failures one line (exit 1). */
async function runCommand(command: Command, argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(command, argv, io.cwd);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return usageProblem(command, err, io);
  }
  if (parsed.help) {
    io.out(await helpText(command));
    return EXIT.ok;
  }
  try {
    return (await command.run({ opts: parsed.opts, args: parsed.args, io, signal })) ?? EXIT.ok;
  } catch (err) {
    if (err instanceof UsageError) return usageProblem(command, err, io);
    if (signal.aborted) {
      io.err(`rrnn ${command.name}: interrupted\n`);
      return EXIT.interrupted;
    }
    io.err(`rrnn ${command.name}: ${oneLine(err)}\n`);
    if (process.env.RRNN_DEBUG) io.err(`${(err as Error).stack ?? ''}\n`);
    return err instanceof RuntimeError ? err.exitCode : EXIT.failure;
  }
}

/** Whether `rrnn <argv>` trains or evaluates models, and so runs under the compute flags (launch.ts's `nodeFlags`). */
export function runsUnderNodeFlags(argv: string[]): boolean {
  return commands.some((c) => c.name === argv[0] && c.computes);
}

/**
 * The `rrnn` program: `main(['train', '--cell', 'gru'])`. Resolves to the exit
 * code: 0 success, 1 runtime failure, 2 usage error, 130 interrupted.
 */
export async function main(argv: string[], io: Io = processIo(), signal: AbortSignal = new AbortController().signal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.out(target ? await helpText(target) : mainUsage(commands, version));
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const hint = didYouMean(name, commands.map((c) => c.name));
    io.err(`rrnn: unknown command '${name}'${hint}\nSee 'rrnn --help' for the commands.\n`);
    return EXIT.usage;
  }
  return runCommand(command, rest, io, signal);
}
