// In-browser kernel checks on webgl and webgpu (software GPUs: SwiftShader) against the cpu
// backend in the same page: @rrnn/backend's op sweep, the restricted cells (fast path and naive
// gather path, rates 0, 0.5, 1, forward and gradients) and language-model training steps.
// Results go to test-artifacts/kernel-checks-<backend>.json (the Backends page quotes them).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, type Browser } from './browser';
import { bundleKernelChecks } from './kernels/bundle';
import type { CheckRow } from './kernels/checks';
import { ARTIFACTS, builtSite } from './site';
import { serveStatic, type StaticServer } from './static-server';

/** Largest relative difference from cpu allowed (relative to max(1, |cpu value|)). */
const TOLERANCE = 1e-4;
/** sin and cos are the GPUs' approximations (2e-4 off on SwiftShader; rrnn uses neither). */
const LOOSER: Record<string, number> = { 'op: sin': 1e-3, 'op: cos': 1e-3 };

let dir: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  builtSite(); // creates test-artifacts/
  dir = mkdtempSync(join(tmpdir(), 'rrnn-kernel-checks-'));
  await bundleKernelChecks(dir);
  server = await serveStatic(dir);
  browser = await launchBrowser({ gpu: true });
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(['webgl', 'webgpu'])('kernel checks on %s', (backend) => {
  it(`agree with cpu within ${TOLERANCE} on every op, cell and training step`, async () => {
    const { page, errors } = await openPage(browser.context, server.url + '/');
    await page.waitForFunction(() => 'runKernelChecks' in window);
    type Run = (b: string) => Promise<{ backend: string; rows: CheckRow[] }>;
    const report = await page.evaluate((b) => (window as unknown as { runKernelChecks: Run }).runKernelChecks(b), backend);
    writeFileSync(resolve(ARTIFACTS, `kernel-checks-${backend}.json`), JSON.stringify(report, null, 1));
    const bad = report.rows.filter((r) => r.problem !== '' || !(r.worst <= (LOOSER[r.name] ?? TOLERANCE))).map((r) => `${r.name}: ${r.problem || r.worst}`);
    expect(bad).toEqual([]);
    expect(report.rows.length).toBeGreaterThan(150);
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    await page.close();
  }, 600_000);
});
