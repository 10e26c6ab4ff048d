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

describe('in-browser training', () => {
  it('trains classic and restricted LSTMs side by side; the loss falls; pause and resume work', async () => {
    const { page, errors } = await openPage(browser.context, server.url + '/demos/train.html');
    const demo = page.locator('[data-testid=train-demo]');
    await expect.poll(() => demo.getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
    const backend = await page.textContent('[data-testid=backend]');
    expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(backend);
    await page.click('[data-testid=train-start]');
    await expect.poll(async () => Number(await demo.getAttribute('data-steps')), { timeout: 200_000, interval: 500 }).toBeGreaterThanOrEqual(40);
    await page.click('[data-testid=train-pause]');
    await expect.poll(() => demo.getAttribute('data-status')).toBe('paused');
    const paused = Number(await demo.getAttribute('data-steps'));
    await page.waitForTimeout(500);
    expect(Number(await demo.getAttribute('data-steps'))).toBe(paused);
    for (const rate of ['0', '0.5']) {
      const row = page.locator(`[data-testid="run-${rate}"]`);
      const first = Number(await row.getAttribute('data-first'));
      const last = Number(await row.getAttribute('data-last'));
      expect(first).toBeGreaterThan(Math.log(2000) - 0.5); // starts near uniform over the vocabulary
      expect(last, `r = ${rate}: loss ${first} -> ${last}`).toBeLessThan(first - 0.5);
    }
    for (const rate of ['0', '0.5']) { // validation perplexity at the pause: better than a uniform guess over 2,000 words
      await expect.poll(() => page.textContent(`[data-testid="valid-${rate}"]`)).toMatch(/^\d+\.\d \(step \d+\)$/);
      expect(parseFloat((await page.textContent(`[data-testid="valid-${rate}"]`))!)).toBeLessThan(2000);
    }
    await page.click('[data-testid=train-start]'); // resume
    await expect.poll(async () => Number(await demo.getAttribute('data-steps')), { timeout: 60_000 }).toBeGreaterThan(paused + 2);
    await page.click('[data-testid=train-pause]');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(ARTIFACTS, 'train.png'), fullPage: true });
    expect(await page.locator('[data-testid=train-error]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000); // generous: CI runs this beside other packages' tests on 2 cores
});

describe('prediction and generation', () => {
  it('loads the exported model, predicts next words and generates text', async () => {
    const { page, errors } = await openPage(browser.context, server.url + '/demos/predict.html');
    const demo = page.locator('[data-testid=predict-demo]');
    await expect.poll(() => demo.getAttribute('data-ready'), { timeout: 60_000 }).toBe('yes');
    expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(await page.textContent('[data-testid=backend]'));
    // the model is the standard tfjs LayersModel export, float16 weights, read back as a tied restricted LSTM
    const facts = (await page.textContent('[data-testid=model-facts]'))?.replace(/\s+/g, ' ');
    expect(facts).toMatch(/LSTM, 2 layers, sharing rates 0.5, 0.5, embedding 64, hidden 128, decoder tied/);
    expect(facts).toMatch(/weights stored as float16 \(1\.\d\d MB, float32 test perplexity \d+\.\d\)/);
    await page.fill('[data-testid=context]', 'he had more than');
    await expect.poll(() => page.locator('[data-testid=predictions] li').count()).toBe(10);
    const words = await page.locator('[data-testid=predictions] .word').allTextContents();
    expect(words.every((w) => /^\S+$/.test(w))).toBe(true);
    expect(words).toEqual(expect.arrayContaining(['the', 'a'])); // a trained model knows what follows "more than"
    const probabilities = (await page.locator('[data-testid=predictions] small').allTextContents()).map((t) => parseFloat(t));
    expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
    await page.fill('[data-testid=prompt]', 'the city');
    await page.click('[data-testid=generate]');
    await expect.poll(async () => (await page.textContent('[data-testid=generated] b'))?.trim().split(/\s+/).length ?? 0).toBeGreaterThanOrEqual(20);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(ARTIFACTS, 'predict.png'), fullPage: true });
    expect(await page.locator('[data-testid=predict-error]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
