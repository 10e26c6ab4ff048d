import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/cli */
export const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root (folder with pnpm-workspace.yaml). */
export const repoRoot = resolve(cliDir, '..', '..');
/** The built program the tests run. */
export const bin = join(cliDir, 'dist', 'bin.js');
/** `<repo>/../shared/data`, present in CI. */
export const sharedData = resolve(repoRoot, '..', 'shared', 'data');

/** Build the CLI when dist is missing (the README's test command builds everything first). */
export function ensureBuilt(): void {
  if (existsSync(bin)) return;
  const r = spawnSync('pnpm', ['--filter', '@rrnn/cli', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building @rrnn/cli failed');
}

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run `rrnn ...args` as a child process and collect its output. */
export function rrnn(args: string[], o: { cwd?: string; env?: Record<string, string>; onStdout?: (chunk: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: o.cwd ?? repoRoot, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      o.onStdout?.(c, child);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** A scratch folder. */
export function tempDir(prefix = 'rrnn-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A tiny plain-text corpus folder: a few thousand words of simple, repetitive
 * sentences (so a small model learns something in a few steps).
 */
export function writeTinyCorpus(dir: string): string {
  const corpus = join(dir, 'tiny');
  mkdirSync(corpus, { recursive: true });
  const subjects = ['the cat', 'a dog', 'the bird', 'my friend', 'the teacher', 'a child'];
  const verbs = ['sees', 'likes', 'finds', 'follows', 'calls', 'helps'];
  const objects = ['the ball', 'a tree', 'the house', 'the river', 'a book', 'the garden'];
  const lines: string[] = [];
  let s = 7;
  const next = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  for (let i = 0; i < 1200; i++) lines.push(`${subjects[next(6)]} ${verbs[next(6)]} ${objects[next(6)]} .`);
  writeFileSync(join(corpus, 'text.txt'), `${lines.join('\n')}\n`);
  return corpus;
}
