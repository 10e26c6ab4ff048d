// Unit tests of the site's pure helpers (Node, no browser).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharingLayout } from '@rrnn/core';
import { poolBlocks } from '../.vitepress/theme/lib/pool-blocks';
import { isSoftwareRenderer, requestedBackend, skippedNote } from '../.vitepress/theme/lib/backend-choice';
import { promptWords } from '../.vitepress/theme/lib/exported-model';
import { csvFields } from '../src/guide/results.data';
import { fileFor } from './static-server';

describe('poolBlocks', () => {
  it('tiles the LSTM pool: shared rows, then input and hidden private blocks per gate, in core order', () => {
    const l = sharingLayout('lstm', 30, 20, 0.25); // s = 5, p = 15, R = 5 + 8 * 15 = 125, K = 30
    const blocks = poolBlocks(l);
    expect(blocks[0]).toMatchObject({ kind: 'shared', row0: 0, rows: 5, col0: 0, cols: 30 });
    const input = blocks.filter((b) => b.kind === 'input');
    const hidden = blocks.filter((b) => b.kind === 'hidden');
    expect(input.map((b) => b.row0)).toEqual([5, 20, 35, 50]);
    expect(hidden.map((b) => b.row0)).toEqual([65, 80, 95, 110]);
    expect(input.every((b) => b.cols === 30) && hidden.every((b) => b.cols === 20)).toBe(true);
    // the hidden branch never reads columns [20, 30)
    expect(blocks.filter((b) => b.kind === 'unused').map((b) => [b.row0, b.col0, b.cols])).toEqual(hidden.map((b) => [b.row0, 20, 10]));
    // every weight of the R x K pool is covered exactly once
    const area = blocks.reduce((a, b) => a + b.rows * b.cols, 0);
    expect(area).toBe(l.poolRows * l.poolCols);
  });

  it('has only the shared block at r = 1 and no shared block at r = 0', () => {
    expect(poolBlocks(sharingLayout('gru', 10, 10, 1)).map((b) => b.kind)).toEqual(['shared']);
    expect(poolBlocks(sharingLayout('rnn', 10, 10, 0)).map((b) => b.kind)).toEqual(['input', 'hidden']);
  });
});

describe('backend choice', () => {
  it('names the skipped backends and why, without repeating the backend name', () => {
    expect(skippedNote([])).toBe('');
    expect(skippedNote([
      { name: 'webgpu', reason: "backend 'webgpu' could not start: navigator.gpu.requestAdapter() found no adapter." },
      { name: 'webgl', reason: "backend 'webgl' started but failed its self-check: matMul computes wrong numbers" },
    ])).toBe('webgpu skipped: navigator.gpu.requestAdapter() found no adapter.; webgl skipped: started but failed its self-check: matMul computes wrong numbers');
  });

  it('reads ?backend= and recognises software WebGL', () => {
    expect(requestedBackend('?backend=wasm')).toBe('wasm');
    expect(requestedBackend('?x=1')).toBeUndefined();
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('google swiftshader')).toBe(true); // the WebGPU adapter's vendor + architecture
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
  });
});

describe('helpers', () => {
  it('splits CSV lines with quoted fields', () => {
    expect(csvFields('lstm,0.5,"a, b",""""')).toEqual(['lstm', '0.5', 'a, b', '"']);
  });
  it('lower-cases prompts only for lower-case vocabularies', () => {
    expect(promptWords('  The Jury  said ', true)).toEqual(['the', 'jury', 'said']);
    expect(promptWords('The Jury', false)).toEqual(['The', 'Jury']);
  });
  it('serves only files inside the site folder', () => {
    const site = mkdtempSync(join(tmpdir(), 'rrnn-site-'));
    mkdirSync(join(site, 'guide'));
    writeFileSync(join(site, 'index.html'), '<p>home</p>');
    writeFileSync(join(site, 'guide', 'a.html'), '<p>a</p>');
    writeFileSync(join(tmpdir(), 'outside.txt'), 'secret');
    expect(fileFor(site, '/')).toBe(join(site, 'index.html'));
    expect(fileFor(site, '/guide/a.html?x=1#top')).toBe(join(site, 'guide', 'a.html'));
    expect(fileFor(site, '/guide/')).toBeNull(); // a folder without index.html
    expect(fileFor(site, '/../outside.txt')).toBeNull(); // normalised to /outside.txt inside the site: none there
    expect(fileFor(site, '/%2e%2e/outside.txt')).toBeNull();
    rmSync(site, { recursive: true, force: true });
  });
});
