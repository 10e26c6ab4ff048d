import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// VitePress leaves an include whose file is missing as an invisible HTML comment: a page would
// silently lose its table. Every include of every page must name a file that exists.
const src = resolve(__dirname, '..', 'src');
const pages = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? pages(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));

describe('markdown includes', () => {
  const includes = pages(src).flatMap((page) =>
    [...readFileSync(page, 'utf8').matchAll(/<!--\s*@include:\s*(.*?)\s*-->/g)].map((m) => ({ page, file: resolve(dirname(page), m[1]) })));

  it('the export page includes the quantization table', () => {
    expect(includes.map((i) => i.file)).toContain(resolve(__dirname, '..', 'results', 'ptb-paper-td-e8', 'quantization.md'));
  });

  it.each(includes.map((i) => [i.page.slice(src.length + 1), i.file] as const))('%s includes %s, which exists', (_, file) => {
    expect(existsSync(file)).toBe(true);
  });
});
