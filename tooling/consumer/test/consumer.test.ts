/**
 * The published packages as a user gets them: packed tarballs installed with npm into a project
 * outside the workspace (see ../README.md). Checks each tarball with publint and
 * @arethetypeswrong/cli, type-checks a consumer under moduleResolution nodenext, node16 and bundler,
 * and runs a script that saves and loads a RestrictedRNN model through file:// and loads an
 * `rrnn export --format layers` model with tf.loadLayersModel.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumerProject, repoRoot, run, type ConsumerProject } from './project';
import { lintTarball } from './lint';
import { typeCheck, type TypeCheck } from './typecheck';
// The queue README's example needs Redis: $RRNN_REDIS_URL (CI), else a private redis-server.
import { startRedis } from '../../../packages/queue/test/redis';

const MODES = ['nodenext', 'node16', 'bundler'] as const;
let project: ConsumerProject;
// Started once the project is installed, one after the other, awaited by their tests.
let checks: Record<(typeof MODES)[number], Promise<TypeCheck>>;
let exported: Promise<void>;
let lints: Promise<string[]>;

/** Train a tiny model with the installed CLI and export it in both formats (seconds). */
async function trainAndExport(dir: string): Promise<void> {
  const cli = join(dir, 'node_modules', '@rrnn', 'cli', 'dist', 'bin.js');
  const words = 'the cat dog sat on a mat and ran to big small red house'.split(' ');
  const lines = Array.from({ length: 300 }, (_, i) => Array.from({ length: 8 }, (_, j) => words[(i * 7 + j * j * 3 + i * j) % words.length]).join(' '));
  writeFileSync(join(dir, 'corpus.txt'), `${lines.join('\n')}\n`);
  await run(process.execPath, [cli, 'train', '--corpus', 'corpus.txt', '--embedding', '8', '--hidden', '8', '--layers', '1', '--epochs', '1',
    '--batch', '4', '--bptt', '5', '--eval-batch', '4', '--threads', '1', '--out', 'run', '-q'], dir);
  await run(process.execPath, [cli, 'export', 'run', 'export-layers', '--format', 'layers'], dir);
  await run(process.execPath, [cli, 'export', 'run', 'export-rrnn'], dir);
}

/** `f` once `prev` settled, whatever its outcome. */
const after = <T>(prev: Promise<unknown>, f: () => Promise<T>): Promise<T> => prev.then(() => f(), () => f());

beforeAll(async () => {
  project = await createConsumerProject();
  // One process at a time (the other test files share the machine's cores), started now and
  // awaited by the tests in this order.
  lints = (async () => {
    const problems: string[] = [];
    for (const p of project.packages) problems.push(...(await lintTarball(p.name, p.tarball)));
    return problems;
  })();
  let previous: Promise<unknown> = lints;
  const byMode: Partial<typeof checks> = {};
  for (const m of MODES) previous = byMode[m] = after(previous, () => typeCheck(project.dir, m));
  checks = byMode as typeof checks;
  exported = after(previous, () => trainAndExport(project.dir));
  // Each test awaits its own promise; keep an early rejection from counting as unhandled.
  for (const p of [...Object.values(checks), exported, lints]) p.catch(() => undefined);
});

afterAll(() => {
  if (project && !process.env.RRNN_KEEP_CONSUMER) rmSync(project.dir, { recursive: true, force: true });
});

describe('packed packages', () => {
  it('pass publint and arethetypeswrong', async () => {
    expect(await lints).toEqual([]);
  });

  it('each ship a README, the LICENSE and the same repository and engines as the workspace', () => {
    const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, { url?: string; node?: string }>;
    const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    for (const p of project.packages) {
      const installed = join(project.dir, 'node_modules', p.name);
      const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(readFileSync(join(installed, 'LICENSE'), 'utf8'), p.name).toBe(license);
      expect(readFileSync(join(installed, 'README.md'), 'utf8'), p.name).toMatch(new RegExp(`^# ${p.name.replace('/', '\\/')}\\b`));
      expect(pkg.license, p.name).toBe('MIT');
      expect(pkg.repository, p.name).toEqual({ type: 'git', url: root.repository.url, directory: expect.any(String) });
      expect(pkg.engines, p.name).toEqual({ node: root.engines.node });
    }
  });
});

describe('consumer project', () => {
  for (const mode of MODES) {
    it(`type-checks under moduleResolution ${mode}`, async () => {
      const r = await checks[mode];
      expect(r.errors).toEqual([]);
      expect(r.filesChecked).toBeGreaterThan(0);
    });
  }

  it('saves and loads a RestrictedRNN model via file://, and loads an rrnn export with tf.loadLayersModel', async () => {
    const dir = project.dir;
    await exported;
    await checks.nodenext; // emitted out/roundtrip.js
    const out = await run(process.execPath, [join('out', 'roundtrip.js'), dir, join(dir, 'export-layers'), join(dir, 'export-rrnn')], dir);
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    const vocab = (JSON.parse(readFileSync(join(dir, 'export-rrnn', 'vocab.json'), 'utf8')) as { tokens: string[] }).tokens.length;

    expect(r.backend).toBe('wasm');
    expect(r.savedBytes).toBeGreaterThan(0);
    expect(r.loadedLayerClass).toBe('RestrictedRNN');
    expect(r.loadedIsRestrictedRNN).toBe(true);
    expect(r.roundTripMaxDiff).toBe(0);
    expect(r.exportedLayerClasses).toEqual(['Embedding', 'RestrictedRNN', 'Dense']);
    expect(r.exportedShape).toEqual([1, 7, vocab]);
    for (const s of r.exportedRowSums as number[]) expect(s).toBeCloseTo(1, 5);
    expect(r.exportedVsRrnnMaxDiff).toBeLessThan(1e-6);
  });

  it("runs each package README's first example against the installed package", async () => {
    await checks.nodenext; // emitted out/readme-*.js
    expect(project.examples.map((e) => e.pkg)).toEqual(project.packages.map((p) => p.name));
    const redis = await startRedis();
    try {
      for (const ex of project.examples) {
        const env = { RRNN_REDIS_URL: redis.url };
        const out = ex.lang === 'ts'
          ? await run(process.execPath, [join('out', ex.file.replace(/\.ts$/, '.js'))], project.dir, env)
          : await run('bash', ['-euo', 'pipefail', '-c', ex.code], project.dir, env);
        expect(out.trim().length, `${ex.pkg}'s README example printed nothing`).toBeGreaterThan(0);
      }
    } finally {
      await redis.stop();
    }
  });
});
