// The training and prediction demos on each browser backend, forced with ?backend=, in Debian's
// Chromium with software WebGPU and WebGL (SwiftShader): the loss falls, the first losses equal
// the cpu backend's (computed in Node from the same code) within 1e-3 relative, prediction gives
// the cpu backend's top words, the speed panel measures, no console errors. Screenshots and the
// numbers go to test-artifacts/ (demo-<backend>.json; the Backends page quotes them).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, type Browser } from './browser';
import { cpuFirstLosses, cpuTopWords } from './reference';
import { ARTIFACTS, builtSite } from './site';
import { serveStatic, type StaticServer } from './static-server';

/** Steps to train per backend: software GPUs are ~40x slower than wasm here, so 4 steps there (the loss falls by 0.1). */
const STEPS: Record<string, number> = { webgpu: 4, webgl: 4, wasm: 40 };
const COMPARED = 3; // first losses compared with cpu
const CONTEXT = 'he had more than';

let server: StaticServer;
let browser: Browser;
let cpuLosses: Record<'0' | '0.5', number[]>;
let cpuWords: { word: string; probability: number }[];
const measured: Record<string, Record<string, unknown>> = {};

beforeAll(async () => {
  server = await serveStatic(builtSite());
  browser = await launchBrowser({ gpu: true });
  cpuLosses = await cpuFirstLosses(COMPARED);
  cpuWords = await cpuTopWords(CONTEXT, 10);
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const [backend, numbers] of Object.entries(measured)) {
    writeFileSync(resolve(ARTIFACTS, `demo-${backend}.json`), JSON.stringify({ backend, ...numbers, cpuLosses, cpuWords }, null, 1));
  }
});

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe.each(Object.keys(STEPS))('on %s', (backend) => {
  it('training: the loss falls, the first losses equal cpu, the speed panel measures', async () => {
    const { page, errors } = await openPage(browser.context, `${server.url}/demos/train.html?backend=${backend}`);
    const demo = page.locator('[data-testid=train-demo]');
    await expect.poll(() => demo.getAttribute('data-status'), { timeout: 120_000 }).toBe('ready');
    expect(await page.textContent('[data-testid=train-demo] [data-testid=backend]')).toBe(backend);
    const t0 = Date.now();
    await page.click('[data-testid=train-start]');
    await expect.poll(async () => Number(await demo.getAttribute('data-steps')), { timeout: 400_000, interval: 500 }).toBeGreaterThanOrEqual(STEPS[backend]);
    const seconds = (Date.now() - t0) / 1000;
    await page.click('[data-testid=train-pause]');
    await expect.poll(() => demo.getAttribute('data-status'), { timeout: 60_000 }).toBe('paused');
    const paused = Number(await demo.getAttribute('data-steps'));
    await page.waitForTimeout(500);
    expect(Number(await demo.getAttribute('data-steps'))).toBe(paused);
    const first: Record<string, number[]> = {};
    for (const rate of ['0', '0.5'] as const) {
      const row = page.locator(`[data-testid="run-${rate}"]`);
      first[rate] = (await row.getAttribute('data-losses'))!.split(' ').map(Number).slice(0, COMPARED);
      expect(first[rate].map((l, k) => relative(l, cpuLosses[rate][k])).every((d) => d <= 1e-3), `r = ${rate}: ${first[rate]} vs cpu ${cpuLosses[rate]}`).toBe(true);
      const start = Number(await row.getAttribute('data-first'));
      const last = Number(await row.getAttribute('data-last'));
      expect(start).toBeGreaterThan(Math.log(2000) - 0.5); // starts near uniform over the vocabulary
      expect(last, `r = ${rate}: loss ${start} -> ${last}`).toBeLessThan(start - (STEPS[backend] >= 40 ? 0.5 : 0.05));
      await expect.poll(() => page.textContent(`[data-testid="valid-${rate}"]`), { timeout: 120_000 }).toMatch(/^\d+\.\d \(step \d+\)$/);
      expect(parseFloat((await page.textContent(`[data-testid="valid-${rate}"]`))!)).toBeLessThan(2000);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(ARTIFACTS, `train-${backend}.png`), fullPage: true });
    await page.click('[data-testid=speed-measure]');
    const panel = page.locator('[data-testid=speed-panel]');
    await expect.poll(() => panel.getAttribute('data-status'), { timeout: 300_000, interval: 500 }).toBe('done');
    const tokensPerSecond = Number(await panel.getAttribute('data-tokens-per-second'));
    expect(tokensPerSecond).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid=speed-backend]')).toBe(backend);
    measured[backend] = { ...measured[backend], steps: paused, trainSeconds: seconds, firstLosses: first, tokensPerSecond };
    expect(await page.locator('[data-testid=train-error]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 900_000);

  it("prediction: the cpu backend's top words, then generated text", async () => {
    const { page, errors } = await openPage(browser.context, `${server.url}/demos/predict.html?backend=${backend}`);
    const demo = page.locator('[data-testid=predict-demo]');
    await expect.poll(() => demo.getAttribute('data-ready'), { timeout: 120_000 }).toBe('yes');
    expect(await page.textContent('[data-testid=backend]')).toBe(backend);
    // the model is the standard tfjs LayersModel export, float16 weights, read back as a tied restricted LSTM
    const facts = (await page.textContent('[data-testid=model-facts]'))?.replace(/\s+/g, ' ');
    expect(facts).toMatch(/LSTM, 2 layers, sharing rates 0.5, 0.5, embedding 64, hidden 128, decoder tied/);
    expect(facts).toMatch(/weights stored as float16 \(1\.\d\d MB, float32 test perplexity \d+\.\d\)/);
    await page.fill('[data-testid=context]', CONTEXT);
    await expect.poll(() => demo.getAttribute('data-predicted-for'), { timeout: 60_000 }).toBe(CONTEXT);
    const words = await page.locator('[data-testid=predictions] .word').allTextContents();
    expect(words).toEqual(expect.arrayContaining(['the', 'a'])); // a trained model knows what follows "more than"
    expect(words[0]).toBe(cpuWords[0].word);
    expect([...words].sort()).toEqual(cpuWords.map((w) => w.word).sort());
    const probabilities = (await page.locator('[data-testid=predictions] small').allTextContents()).map((t) => parseFloat(t));
    expect([...probabilities].sort((a, b) => b - a)).toEqual(probabilities);
    await page.fill('[data-testid=prompt]', 'the city');
    await page.click('[data-testid=generate]');
    await expect.poll(async () => (await page.textContent('[data-testid=generated] b'))?.trim().split(/\s+/).length ?? 0, { timeout: 120_000 }).toBeGreaterThanOrEqual(20);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(ARTIFACTS, `predict-${backend}.png`), fullPage: true });
    measured[backend] = { ...measured[backend], topWords: words };
    expect(await page.locator('[data-testid=predict-error]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});

describe('default backend with a software WebGPU adapter', () => {
  it('prefers wasm and says so (the GPU runs only when asked for)', async () => {
    const { page, errors } = await openPage(browser.context, `${server.url}/demos/train.html`);
    const demo = page.locator('[data-testid=train-demo]');
    await expect.poll(() => demo.getAttribute('data-status'), { timeout: 120_000 }).toBe('ready');
    expect(await page.textContent('[data-testid=train-demo] [data-testid=backend]')).toBe('wasm');
    expect(await page.textContent('[data-testid=train-demo] .meta small')).toMatch(/WebGPU is software-rendered here \(.*swiftshader.*\), slower than wasm; \?backend=webgpu uses it anyway/i);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
