/**
 * Builds the consumer project: packs every published package with `pnpm pack` (which turns
 * `workspace:` ranges into versions), and installs the tarballs with npm into a fresh folder under
 * the OS temp dir, outside the workspace, so nothing resolves to the repository's own node_modules.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeExample, type ReadmeExample } from './readme';

export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const fixture = resolve(fileURLToPath(new URL('../fixture', import.meta.url)));

/** The tfjs version the packages peer on; the consumer installs the umbrella package at it. */
export const TFJS_VERSION = '4.22.0';

export interface Published { name: string; dir: string; tarball: string }
export interface ConsumerProject { dir: string; packages: Published[]; examples: ReadmeExample[] }

/** Every workspace package that is published (not `private`), in folder order. */
export function publishedPackages(): { name: string; dir: string }[] {
  return ['packages', 'apps'].flatMap((group) => readdirSync(join(repoRoot, group)).sort().map((d) => join(repoRoot, group, d)))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; private?: boolean } }))
    .filter(({ pkg }) => !pkg.private)
    .map(({ dir, pkg }) => ({ name: pkg.name, dir }));
}

/**
 * Run a command without blocking the test process (several run at once); resolve with its stdout,
 * reject with its output when it exits non-zero.
 */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (code === 0) done(out);
      else fail(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${code ?? signal}:\n${out}\n${err}`));
    });
  });
}

/** Pack the published packages and npm-install them, with tfjs, into a new temp folder. */
export async function createConsumerProject(): Promise<ConsumerProject> {
  const dir = mkdtempSync(join(tmpdir(), 'rrnn-consumer-'));
  const tarballs = join(dir, 'tarballs');
  mkdirSync(tarballs);
  const packages: Published[] = [];
  for (const { name, dir: pkgDir } of publishedPackages()) {
    if (!existsSync(join(pkgDir, 'dist'))) throw new Error(`${name} has no dist/: build first (pnpm build)`);
    const out = await run('pnpm', ['pack', '--pack-destination', tarballs], pkgDir);
    const tgz = out.trim().split('\n').pop()?.trim() ?? '';
    const tarball = existsSync(tgz) ? tgz : join(tarballs, basename(tgz));
    if (!existsSync(tarball)) throw new Error(`pnpm pack of ${name} wrote no tarball (output: ${out})`);
    packages.push({ name, dir: pkgDir, tarball });
  }
  cpSync(fixture, dir, { recursive: true });
  // README examples in TypeScript join the consumer's sources: type-checked in every mode, emitted, run.
  const examples = packages.map((p) => readmeExample(p.name, p.dir));
  for (const ex of examples) if (ex.lang === 'ts') writeFileSync(join(dir, ex.file), `// ${ex.pkg}'s README, first example\n${ex.code}`);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const deps: Record<string, string> = Object.fromEntries(packages.map((p) => [p.name, `file:${p.tarball}`]));
  pkg.dependencies = { ...deps, '@tensorflow/tfjs': TFJS_VERSION, '@types/node': '^20.19.0' };
  // The packages depend on each other by version (^0.1.0): take those from the tarballs, never the registry.
  pkg.overrides = Object.fromEntries(packages.map((p) => [p.name, `$${p.name}`]));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  // --ignore-scripts: nothing the packages need runs at install time (no native builds, no downloads).
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], dir);
  return { dir, packages, examples };
}
