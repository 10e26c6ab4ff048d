/** @packageDocumentation The `rrnn` command line, as a library: `main(argv)` returns an exit code. */
import { createRequire } from 'node:module';
import type { Command, Io } from './framework/command.js';
import { UsageError, oneLine } from './framework/errors.js';
import { parseCommandLine } from './framework/parse.js';
import { commandUsage, mainUsage } from './framework/usage.js';
import { commands } from './commands/index.js';

export type { Command, Io } from './framework/command.js';

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

/** Run one command with its argv; usage errors print the problem and the command's usage (exit 2), failures one line (exit 1). */
async function runCommand(command: Command, argv: string[], io: Io, signal: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(command, argv, io.cwd);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`rrnn ${command.name}: ${err.message}\n\n${commandUsage(command)}`);
    return 2;
  }
  if (parsed.help) {
    io.out(commandUsage(command));
    return 0;
  }
  try {
    return (await command.run({ opts: parsed.opts, args: parsed.args, io, signal })) ?? 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`rrnn ${command.name}: ${err.message}\n\n${commandUsage(command)}`);
      return 2;
    }
    if (signal.aborted) {
      io.err(`rrnn ${command.name}: interrupted\n`);
      return 130;
    }
    io.err(`rrnn ${command.name}: ${oneLine(err)}\n`);
    if (process.env.RRNN_DEBUG) io.err(`${(err as Error).stack ?? ''}\n`);
    return 1;
  }
}

/**
 * The `rrnn` program: `main(['train', '--cell', 'gru'])`. Resolves to the exit
 * code: 0 success, 1 runtime failure, 2 usage error, 130 interrupted.
 */
export async function main(argv: string[], io: Io = processIo(), signal: AbortSignal = new AbortController().signal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.out(target ? commandUsage(target) : mainUsage(commands, version));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`rrnn: unknown command '${name}'\n\n${mainUsage(commands, version)}`);
    return 2;
  }
  return runCommand(command, rest, io, signal);
}
