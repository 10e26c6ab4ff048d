// Locating and reading the golden files of ../shared/golden for the tests of every package:
// $<envVar> (relative to where pnpm/vitest was invoked) when set, else <repo>/../shared/golden/<file>.
// A missing file or one without cases fails the test that reads it; it never skips.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './vitest.base';

/** Where the golden file is: `$envVar` resolved against INIT_CWD (or the cwd), else the shared one. */
export function goldenFilePath(envVar: string, file: string): string {
  const env = process.env[envVar];
  if (env) return resolve(process.env.INIT_CWD ?? process.cwd(), env);
  return resolve(repoRoot, '..', 'shared', 'golden', file);
}

/** The `cases[]` of a golden file; the error names the file and the variable that points elsewhere. */
export function readGoldenCases<T>(path: string, envVar: string, file: string): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`golden file ${path} cannot be read (${(e as Error).message}): set ${envVar} to a ${file} file`);
  }
  const json = JSON.parse(text) as { cases?: T[] };
  if (!Array.isArray(json.cases) || json.cases.length === 0) throw new Error(`golden file ${path} has no cases[]`);
  return json.cases;
}
