#!/usr/bin/env node
import { main, processIo, runsUnderNodeFlags } from './index.js';
import { SAME_INTERRUPT_MS, missingFlags, nodeFlags, relaunch } from './launch.js';

const argv = process.argv.slice(2);

/** The flags this process must be restarted with before it runs `argv` ([] for none). */
function flagsToAdd(): string[] {
  if (!runsUnderNodeFlags(argv)) return [];
  try {
    return missingFlags(nodeFlags());
  } catch (err) {
    process.stderr.write(`rrnn: ${(err as Error).message}\n`);
    process.exit(2);
  }
}

const add = flagsToAdd();
if (add.length > 0) {
  process.exitCode = await relaunch(process.argv[1], argv, add);
} else {
  // Ctrl-C aborts the running command (training saves a checkpoint first); a second Ctrl-C exits at once.
  const controller = new AbortController();
  let firstInterrupt = 0;
  process.on('SIGINT', () => {
    if (!controller.signal.aborted) {
      firstInterrupt = Date.now();
      controller.abort();
    } else if (Date.now() - firstInterrupt >= SAME_INTERRUPT_MS) process.exit(130);
  });
  main(argv, processIo(), controller.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`rrnn: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
