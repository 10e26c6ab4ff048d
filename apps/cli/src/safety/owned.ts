import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { RuntimeError } from '../framework/errors.js';

/**
 * rrnn deletes only what it can prove it wrote: a folder holding one of its
 * own marker files (run.json of format 'rrnn-run', sweep.json 'rrnn-sweep',
 * meta.json 'rrnn-export'), and never a folder equal to or above the working
 * directory or a source it reads from.
 */
export interface Marker {
  file: string;
  format: string;
  /** What the folder is, for messages: "run folder". */
  what: string;
}

export const RUN_MARKER: Marker = { file: 'run.json', format: 'rrnn-run', what: 'rrnn run folder' };
export const SWEEP_MARKER: Marker = { file: 'sweep.json', format: 'rrnn-sweep', what: 'rrnn sweep folder' };
export const EXPORT_MARKER: Marker = { file: 'meta.json', format: 'rrnn-export', what: 'rrnn export folder' };

/** Whether `dir` holds `marker` (a JSON file with the marker's format field). */
export function hasMarker(dir: string, marker: Marker): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, marker.file), 'utf8')) as { format?: unknown }).format === marker.format;
  } catch {
    return false;
  }
}

/** Whether `inner` is `outer` or inside it. */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(resolve(outer), resolve(inner));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

/** Throws unless `dir` may be deleted: it holds `marker` and contains neither the working directory nor a source. */
export function assertOwned(dir: string, o: { marker: Marker; cwd: string; sources?: string[]; flag: string }): void {
  for (const keep of [o.cwd, ...(o.sources ?? [])]) {
    if (isWithin(keep, dir)) {
      throw new RuntimeError(`${o.flag} would delete ${dir}, which holds ${resolve(keep)}; rrnn never deletes a folder equal to or above the working directory or its input: choose another output folder`);
    }
  }
  if (!hasMarker(dir, o.marker)) {
    throw new RuntimeError(`${dir} is not empty and is not an ${o.marker.what} (no ${o.marker.file} made by rrnn), so ${o.flag} will not delete it: choose a new or empty folder`);
  }
}

/** Empty `dir` for reuse when `force` and it is ours; refuse when it is not empty otherwise. Missing or empty folders pass. */
export function clearOwned(dir: string, o: { force: boolean; marker: Marker; cwd: string; sources?: string[]; flag: string; hint: string }): void {
  if (!existsSync(dir) || readdirSync(dir).length === 0) return;
  if (!o.force) throw new RuntimeError(`${dir} already exists: ${o.hint}`);
  assertOwned(dir, o);
  rmSync(dir, { recursive: true, force: true });
}
