/**
 * Build-time loader for the Results page: every folder under apps/docs/results/ holding a
 * `command.txt` is one result set (sweep output of `rrnn sweep`: results.csv, SVG charts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ResultSet {
  name: string;
  command: string;
  notes: string;
  columns: string[];
  rows: string[][];
  charts: { name: string; svg: string }[];
}

const resultsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results');

/** Splits one CSV line (quoted fields may hold commas and doubled quotes). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k];
    if (quoted && ch === '"' && line[k + 1] === '"') { field += '"'; k++; }
    else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) { out.push(field); field = ''; }
    else field += ch;
  }
  out.push(field);
  return out;
}

function readSet(dir: string, name: string): ResultSet {
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
  const lines = read('results.csv').split(/\r?\n/).filter((l) => l.trim() !== '');
  const [head, ...body] = lines.map(csvFields);
  const charts = readdirSync(dir).filter((f) => f.endsWith('.svg')).sort()
    .map((f) => ({ name: f, svg: readFileSync(join(dir, f), 'utf8') }));
  return { name, command: read('command.txt').trim(), notes: read('README.md').trim(), columns: head ?? [], rows: body, charts };
}

export default {
  watch: ['../../results/**/*'],
  load(): ResultSet[] {
    if (!existsSync(resultsDir)) return [];
    return readdirSync(resultsDir)
      .filter((name) => statSync(join(resultsDir, name)).isDirectory() && existsSync(join(resultsDir, name, 'command.txt')))
      .sort()
      .map((name) => readSet(join(resultsDir, name), name));
  },
};
