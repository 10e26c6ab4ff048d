// The Node process the compute commands run in: V8 flags that pay on this workload, which V8 takes only
// at process start (changing them at run time crashes it), so `rrnn` restarts itself under them.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * The V8 flags `rrnn train`, `eval` and `bench` run under, and every training child of `sweep` and `worker`.
 * `--single-threaded-gc` keeps the garbage collector on the thread that allocates instead of helper threads:
 * on a 2-core machine those helpers took turns on the cores the training threads and the gradient worker
 * were computing on. Measured on the paper's nine models in one window against V8's default (docs:
 * Performance, window -11): two threads 0.967-1.128x as fast, one thread 0.956-0.983x.
 */
export const NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];

/**
 * Environment variable that replaces {@link NODE_FLAGS}: a space-separated list of Node/V8 flags, or empty
 * to run in the process as started (`RRNN_NODE_FLAGS= rrnn train ...`).
 */
export const NODE_FLAGS_ENV = 'RRNN_NODE_FLAGS';

/** Set in the relaunched process, so that it never relaunches again. */
export const RELAUNCHED_ENV = 'RRNN_RELAUNCHED';

/** The flags to run under: {@link NODE_FLAGS}, or the list in {@link NODE_FLAGS_ENV}; a word that is not a `--flag` is an error naming the variable. */
export function nodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const value = env[NODE_FLAGS_ENV];
  if (value === undefined) return [...NODE_FLAGS];
  const words = value.split(/\s+/).filter(Boolean);
  const bad = words.find((w) => !/^--[a-z0-9][\w-]*(=\S*)?$/i.test(w));
  if (bad) throw new Error(`${NODE_FLAGS_ENV}: '${bad}' is not a Node flag (--name or --name=value); set it to flags such as '${NODE_FLAGS.join(' ')}', or to nothing to run without`);
  return words;
}

/** The flags of `wanted` the current process was not started with ([] when it needs no relaunch, or is itself the relaunch). */
export function missingFlags(wanted: string[], execArgv: string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): string[] {
  if (env[RELAUNCHED_ENV]) return [];
  return wanted.filter((f) => !execArgv.includes(f));
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Run `script args` again in a new Node process with `flags` added, and resolve to its exit code
 * (128 + the signal's number when a signal ended it). stdin, stdout and stderr are shared, and the child
 * stays in this process's group, so what stops the group stops both; SIGINT, SIGTERM and SIGHUP sent to
 * this process alone are forwarded. A terminal's Ctrl-C thus reaches the child twice at once (from the
 * terminal and forwarded), which `rrnn` counts as one ({@link SAME_INTERRUPT_MS}).
 */
export function relaunch(script: string, args: string[], flags: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...flags, script, ...args], { stdio: 'inherit', env: { ...process.env, [RELAUNCHED_ENV]: '1' } });
    const forward = (s: NodeJS.Signals) => child.kill(s);
    for (const s of FORWARDED) process.on(s, forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/** Interrupts (SIGINT) closer together than this count as one: the first aborts the command, a later one exits at once. */
export const SAME_INTERRUPT_MS = 500;
