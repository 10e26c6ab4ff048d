/**
 * Every public entry point (package.json `exports`) of every published library is built from
 * src/<name>.ts and is in the API reference (apps/docs/typedoc.json), and nothing else in src/
 * is taken for an entry point. Reads files only: no packing, no build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, repoRoot } from './project';

const typedoc = JSON.parse(readFileSync(join(repoRoot, 'apps', 'docs', 'typedoc.json'), 'utf8')) as {
  entryPoints: string[]; packageOptions: { entryPoints: string[] };
};
const libraries = publishedPackages().filter((p) => relative(repoRoot, p.dir).startsWith('packages'));

/** `src/<file>.ts` of each export subpath: '.' is src/index.ts, './x' is src/x.ts (the tsup entry names). */
function entrySources(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? 'src/index.ts' : `src/${k.slice(2)}.ts`));
}

describe('the API reference', () => {
  it('covers every published library', () => {
    expect(libraries.length).toBeGreaterThan(0);
    for (const p of libraries) expect(typedoc.entryPoints, p.name).toContain(`../../${relative(repoRoot, p.dir)}`);
  });

  it.each(libraries.map((p) => [p.name, p.dir]))('documents every entry point of %s and no internal module', (_name, dir) => {
    const entries = entrySources(dir);
    for (const file of entries) {
      expect(existsSync(join(dir, file)), `${file} (an exports subpath) exists`).toBe(true);
      expect(typedoc.packageOptions.entryPoints, `typedoc.json packageOptions.entryPoints lists ${file}`).toContain(file);
    }
    const documented = typedoc.packageOptions.entryPoints.filter((f) => existsSync(join(dir, f)));
    expect(documented.sort()).toEqual([...entries].sort());
  });
});
