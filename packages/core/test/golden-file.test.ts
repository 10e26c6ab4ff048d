import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { goldenPath, loadGolden } from './golden-file';

describe('golden file location', () => {
  const saved = { golden: process.env.RRNN_GOLDEN, init: process.env.INIT_CWD };
  afterEach(() => {
    for (const [k, v] of [['RRNN_GOLDEN', saved.golden], ['INIT_CWD', saved.init]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('defaults to <repo>/../shared/golden/reference-cells.json', () => {
    delete process.env.RRNN_GOLDEN;
    expect(goldenPath()).toBe(resolve(__dirname, '..', '..', '..', '..', 'shared', 'golden', 'reference-cells.json'));
  });

  it('resolves a relative RRNN_GOLDEN against the directory pnpm was invoked from', () => {
    process.env.RRNN_GOLDEN = 'some/file.json';
    process.env.INIT_CWD = '/tmp/where-pnpm-ran';
    expect(goldenPath()).toBe('/tmp/where-pnpm-ran/some/file.json');
    process.env.RRNN_GOLDEN = '/abs/file.json';
    expect(goldenPath()).toBe('/abs/file.json');
  });

  it('fails (never skips) on a missing or empty file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rrnn-golden-'));
    expect(() => loadGolden(join(dir, 'missing.json'))).toThrow(/cannot be read.*set RRNN_GOLDEN/);
    writeFileSync(join(dir, 'empty.json'), '{"cases": []}');
    expect(() => loadGolden(join(dir, 'empty.json'))).toThrow('has no cases[]');
  });
});
