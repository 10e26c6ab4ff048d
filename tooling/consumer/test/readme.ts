/**
 * README examples as code: each published package's README has a first example, its first fenced
 * block tagged ts or js (for the CLI, which has none, its first sh block), which the consumer test
 * type-checks and runs against the installed tarballs, so a README that drifts from the API fails CI.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface ReadmeExample {
  /** Package name. */
  pkg: string;
  lang: 'ts' | 'sh';
  code: string;
  /** For ts: the file written into the consumer project (readme-<folder>.ts), compiled to out/<same>.js. */
  file: string;
}

/** The first ```ts / ```js block of a README, else its first ```sh block, else null. */
export function firstExample(readme: string): { lang: 'ts' | 'sh'; code: string } | null {
  const code = /^```(?:ts|js)[ \t]*\n([\s\S]*?)^```/m.exec(readme);
  if (code) return { lang: 'ts', code: code[1] };
  const sh = /^```sh[ \t]*\n([\s\S]*?)^```/m.exec(readme);
  return sh ? { lang: 'sh', code: sh[1] } : null;
}

/** The first example of the package in `dir`; throws when its README has none. */
export function readmeExample(pkg: string, dir: string): ReadmeExample {
  const readme = join(dir, 'README.md');
  const ex = firstExample(readFileSync(readme, 'utf8'));
  if (!ex) throw new Error(`${readme} has no example: CI runs its first code block tagged ts or js (else sh)`);
  return { pkg, ...ex, file: `readme-${basename(dir)}.ts` };
}
