import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RuntimeError } from '../framework/errors.js';

/** The lock file a training process holds in its run folder. */
export const LOCK_FILE = '.rrnn-lock';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The owner of a live lock on `dir` (a stale one, left by a dead process on this host, does not count). */
export function lockOwner(dir: string): LockOwner | undefined {
  const owner = readOwner(join(dir, LOCK_FILE));
  if (!owner) return undefined;
  if (owner.host === hostname() && (owner.pid === process.pid || !alive(owner.pid))) return undefined;
  return owner;
}

function lockedError(dir: string, owner: LockOwner): RuntimeError {
  return new RuntimeError(
    `${dir} is in use: process ${owner.pid} on ${owner.host} has been training it since ${owner.since}; wait for it to finish or stop it ` +
    `(if that process is gone, delete ${join(dir, LOCK_FILE)})`,
  );
}

/** Throws when another live process holds `dir`'s lock. */
export function assertUnlocked(dir: string): void {
  const owner = lockOwner(dir);
  if (owner) throw lockedError(dir, owner);
}

/**
 * Take the exclusive lock on a run folder for the life of this process
 * (a lock file with pid, host and start time, created exclusively; a stale
 * lock of a dead process on this host is taken over). Returns the release.
 */
export function lockRunDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = lockOwner(dir);
      if (owner) throw lockedError(dir, owner);
      if (attempt > 0) throw e;
      unlinkSync(path); // stale: its process is gone
    }
  }
  const release = () => {
    process.off('exit', release);
    if (readOwner(path)?.pid === me.pid) {
      try {
        unlinkSync(path);
      } catch {
        /* already gone */
      }
    }
  };
  process.on('exit', release);
  return release;
}
