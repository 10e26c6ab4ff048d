/**
 * `tsc` over the consumer project under one moduleResolution, with skipLibCheck off so the
 * declarations of every rrnn package are checked as the consumer resolves them. tfjs 4.22's own
 * declarations do not pass strict checking without skipLibCheck (e.g. tfjs-core's hash_util needs
 * the `Long` type of an uninstalled @types/long, tfjs-layers' keras_format index signatures): errors
 * located in node_modules/@tensorflow/ are therefore not ours to fix and are left out; every other
 * error (in node_modules/@rrnn/ or the consumer's own files) is reported.
 */
import { join } from 'node:path';
import { repoRoot, run } from './project';

export interface TypeCheck { errors: string[]; filesChecked: number; ignoredTfjsErrors: number }

const THIRD_PARTY = /^node_modules\/@tensorflow\//;

export async function typeCheck(dir: string, mode: string): Promise<TypeCheck> {
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  let output: string;
  let failed = false;
  try {
    output = await run(process.execPath, [tsc, '-p', `tsconfig.${mode}.json`, '--pretty', 'false', '--listFiles'], dir);
  } catch (err) {
    output = (err as Error).message;
    failed = true;
  }
  const filesChecked = output.split('\n').filter((l) => /node_modules\/@rrnn\/.*\.d\.c?ts$/.test(l)).length;
  // One diagnostic per "file(line,col): error TSn: ..." line, with its indented continuation lines.
  const diagnostics: string[] = [];
  for (const line of output.split('\n')) {
    if (/^\S.*\(\d+,\d+\): error TS\d+/.test(line)) diagnostics.push(line);
    else if (/^\s+\S/.test(line) && diagnostics.length) diagnostics[diagnostics.length - 1] += `\n${line}`;
  }
  const ignored = diagnostics.filter((d) => THIRD_PARTY.test(d));
  const errors = diagnostics.filter((d) => !THIRD_PARTY.test(d));
  if (failed && diagnostics.length === 0) errors.push(output); // tsc failed without a diagnostic: report all it said
  return { errors, filesChecked, ignoredTfjsErrors: ignored.length };
}
