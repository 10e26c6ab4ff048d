import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

const NEWLINE = 0x0a;

/** Throws a clear error unless `path` is an existing regular file. */
export async function assertFile(path: string, what = 'file'): Promise<void> {
  const s = await stat(path).catch(() => null);
  if (!s) throw new Error(`${path}: no such ${what}; check the path (or the data folder, see defaultDataDir())`);
  if (!s.isFile()) throw new Error(`${path}: is not a regular file`);
}

function decodeOrThrow(decoder: TextDecoder, bytes: Uint8Array, path: string, firstLine: number): string {
  try {
    return decoder.decode(bytes);
  } catch {
    // Find the bad line: decode line by line.
    let line = firstLine;
    let from = 0;
    for (;;) {
      const to = bytes.indexOf(NEWLINE, from);
      const end = to < 0 ? bytes.length : to;
      try {
        decoder.decode(bytes.subarray(from, end));
      } catch {
        throw new Error(`${path}:${line}: invalid UTF-8; the readers expect UTF-8 text (convert the file, e.g. with iconv)`);
      }
      if (to < 0) break;
      from = to + 1;
      line++;
    }
    throw new Error(`${path}:${firstLine}: invalid UTF-8; the readers expect UTF-8 text`);
  }
}

/**
 * Streams a UTF-8 text file line by line (chunks of `chunkBytes`, split on
 * '\n', a trailing '\r' dropped, a leading BOM dropped). Holds one chunk and
 * one partial line at a time, never the whole text.
 *
 * @throws naming the file on a missing file, a NUL byte (binary content) or invalid UTF-8 (with the line).
 * @returns the number of lines and bytes read.
 */
export async function readLines(
  path: string,
  onLine: (line: string) => void,
  o: { chunkBytes?: number } = {},
): Promise<{ lines: number; bytes: number }> {
  await assertFile(path);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let lines = 0;
  let bytes = 0;
  let carry: Uint8Array = new Uint8Array(0);
  const emit = (text: string) => {
    if (lines === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    for (const raw of text.split('\n')) {
      lines++;
      onLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    }
  };
  const stream = createReadStream(path, { highWaterMark: o.chunkBytes ?? 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      stream.destroy();
      throw new Error(`${path}: looks binary (NUL byte at byte ${bytes + nul}); expected UTF-8 text`);
    }
    bytes += chunk.length;
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const last = buf.lastIndexOf(NEWLINE);
    if (last < 0) {
      carry = buf;
      continue;
    }
    const text = decodeOrThrow(decoder, buf.subarray(0, last), path, lines + 1);
    carry = buf.subarray(last + 1);
    emit(text);
  }
  if (carry.length) emit(decodeOrThrow(decoder, carry, path, lines + 1));
  return { lines, bytes };
}
