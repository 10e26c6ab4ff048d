// End-to-end tests of the built site in headless Chromium: every page loads without console
// errors, the explorer and the parameter table agree with @rrnn/core, screenshots go to
// test-artifacts/.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageModelParameterCount, sharingLayout } from '@rrnn/core';
import { launchBrowser, openPage, type Browser } from './browser';
import { serveStatic, type StaticServer } from './static-server';
import { ARTIFACTS, builtSite } from './site';

const PAGES = [
  '/', '/guide/restricted-rnns.html', '/guide/getting-started.html', '/guide/cli.html', '/guide/backends.html',
  '/guide/results.html', '/guide/reproduction.html', '/guide/export.html', '/demos/explorer.html', '/demos/train.html', '/demos/predict.html', '/api/', '/api/@rrnn/core/',
  '/api/@rrnn/train/',
];

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveStatic(builtSite()); // builds the site first when dist/ is missing (minutes)
  browser = await launchBrowser();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('every page', () => {
  it.each(PAGES)('%s loads without console errors', async (path) => {
    const { page, errors } = await openPage(browser.context, server.url + path);
    await page.waitForSelector('.VPContent');
    await page.waitForLoadState('networkidle');
    expect(await page.locator('.NotFound').count(), `${path} is the 404 page`).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('typesets the math', async () => {
    const { page } = await openPage(browser.context, server.url + '/guide/restricted-rnns.html');
    expect(await page.locator('mjx-container').count()).toBeGreaterThan(10);
    await page.screenshot({ path: resolve(ARTIFACTS, 'restricted-rnns.png'), fullPage: true });
    await page.close();
  });
});

describe('sharing-layout explorer', () => {
  it('shows the parameter count of core for a chosen setting', async () => {
    const { page, errors } = await openPage(browser.context, server.url + '/demos/explorer.html');
    await page.waitForSelector('[data-testid=parameters]');
    await page.selectOption('[data-testid=cell]', 'gru');
    await page.fill('[data-testid=input-size]', '300');
    await page.fill('[data-testid=hidden-size]', '150');
    await page.locator('[data-testid=rate]').fill('0.35');
    const want = sharingLayout('gru', 300, 150, 0.35);
    const classic = sharingLayout('gru', 300, 150, 0);
    await expect.poll(() => page.textContent('[data-testid=parameters]')).toBe(want.parameters.toLocaleString('en-US'));
    expect(await page.textContent('[data-testid=shared-units]')).toBe(String(want.sharedUnits));
    expect(await page.textContent('[data-testid=classic-parameters]')).toBe(classic.parameters.toLocaleString('en-US'));
    expect(await page.textContent('[data-testid=compression]')).toBe(`${(100 * want.parameters / classic.parameters).toFixed(1)}%`);
    // shared block + 2 branches x 3 gates of private blocks + the input branch never unused (I > H) + 3 unused hidden blocks
    expect(await page.locator('[data-testid=pool-matrix] rect[data-kind=shared]').count()).toBe(1);
    expect(await page.locator('[data-testid=pool-matrix] rect[data-kind=input]').count()).toBe(3);
    expect(await page.locator('[data-testid=pool-matrix] rect[data-kind=hidden]').count()).toBe(3);
    expect(await page.locator('[data-testid=pool-matrix] rect[data-kind=unused]').count()).toBe(3);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(ARTIFACTS, 'explorer.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names the problem for a bad size', async () => {
    const { page } = await openPage(browser.context, server.url + '/demos/explorer.html');
    await page.waitForSelector('[data-testid=parameters]');
    await page.fill('[data-testid=hidden-size]', '0');
    await expect.poll(() => page.textContent('[data-testid=explorer-error]')).toMatch(/hiddenSize/);
    await page.close();
  });
});

describe('parameter table', () => {
  it("equals core's languageModelParameterCount (the paper's table)", async () => {
    const { page } = await openPage(browser.context, server.url + '/guide/results.html');
    await page.waitForSelector('[data-testid=parameter-table]');
    for (const cell of ['rnn', 'gru', 'lstm'] as const) {
      for (const r of [1, 0.5, 0]) {
        const want = languageModelParameterCount({ cell, vocabSize: 10000, embeddingSize: 200, hiddenSize: 200, numLayers: 3, sharingRates: r, tied: true });
        expect(await page.textContent(`[data-testid=parameter-table] tr[data-cell=${cell}] td[data-rate="${r}"]`)).toBe(String(want.rnnParameters));
      }
    }
    expect(await page.textContent('[data-testid=parameter-table] tr[data-cell=lstm] td[data-rate="0.5"]')).toBe('552700');
    await page.screenshot({ path: resolve(ARTIFACTS, 'results.png'), fullPage: true });
    await page.close();
  });
});

describe('default backend without a GPU adapter', () => {
  // Chromium without the WebGPU flags: no adapter (skipped quietly: no console error), WebGL2 on
  // SwiftShader with float32 render targets (tfjs's floatPrecision() calls it 16-bit; rrnn measures
  // 32): software, so the page prefers wasm and says so. The demos on each backend, forced with
  // ?backend=, run with the flags in demos.test.ts.
  it('runs wasm and says why the software WebGL was passed over', async () => {
    const { page, errors } = await openPage(browser.context, server.url + '/demos/train.html');
    const demo = page.locator('[data-testid=train-demo]');
    await expect.poll(() => demo.getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
    expect(await page.textContent('[data-testid=train-demo] [data-testid=backend]')).toBe('wasm');
    const note = await page.textContent('[data-testid=train-demo] .meta small');
    expect(note).toMatch(/WebGL is software-rendered here \(.*SwiftShader.*\), slower than wasm; \?backend=webgl uses it anyway/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
