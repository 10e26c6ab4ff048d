import { type IdBuffer, idBuffer, idsOf } from '../id-buffer';
import type { LineInterner } from '../line-interner';
import type { TokenTable } from '../token-table';
import { readLines } from './read-lines';

/**
 * Streams one text file into provisional ids (see `TokenTable`), appending
 * to `out` (default: a fresh buffer). Ids are kept in a growing Int32Array:
 * 4 bytes per token.
 *
 * @throws naming the file when it holds no words (an empty split).
 */
export async function readSplit(
  path: string,
  table: TokenTable,
  intern: LineInterner,
  out: IdBuffer = idBuffer(),
): Promise<{ ids: IdBuffer; lines: number; words: number }> {
  let words = 0;
  const { lines } = await readLines(path, (line) => {
    words += intern(table, line, out);
  });
  if (words === 0) throw new Error(`${path}: empty split (no words in ${lines} lines); the file needs text`);
  return { ids: out, lines, words };
}

/** {@link readSplit} as an exactly-sized Int32Array of provisional ids. */
export async function readSplitIds(path: string, table: TokenTable, intern: LineInterner): Promise<Int32Array> {
  return idsOf((await readSplit(path, table, intern)).ids);
}
