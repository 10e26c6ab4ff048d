#!/usr/bin/env node
import { main, processIo } from './index.js';

// Ctrl-C aborts the running command (training saves a checkpoint first); a second Ctrl-C exits at once.
const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
});

main(process.argv.slice(2), processIo(), controller.signal).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`rrnn: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
