import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(__dirname, '..', 'src');
const NODE_BUILTINS = /^(node:.+|(fs|path|os|crypto|stream|url|module|child_process|readline|zlib|buffer|util|events)(\/.*)?)$/;

/** Every module the main entry reaches, following relative imports. */
function importGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]);
    seen.set(file, specs);
    for (const s of specs) if (s.startsWith('.')) visit(join(dirname(file), s.endsWith('.ts') ? s : `${s}.ts`));
  };
  visit(entry);
  return seen;
}

describe('browser safety', () => {
  it('the main entry reaches no Node built-in and no file-system module', () => {
    const graph = importGraph(join(src, 'index.ts'));
    expect(graph.size).toBeGreaterThan(8);
    for (const [file, specs] of graph) {
      expect(file.includes(`${join(src, 'fs')}`), `${file} is behind the node entry`).toBe(false);
      for (const s of specs) expect(NODE_BUILTINS.test(s), `${file} imports ${s}`).toBe(false);
      expect(readFileSync(file, 'utf8'), `${file} uses process/Buffer`).not.toMatch(/\b(process\.|Buffer\.|require\()/);
    }
  });

  it('the node entry is where the file system lives', () => {
    const graph = importGraph(join(src, 'node.ts'));
    const builtins = [...graph.values()].flat().filter((s) => NODE_BUILTINS.test(s));
    expect(builtins).toContain('node:fs/promises');
  });
});
