import { jsonErrorOffset, lineColumn } from './json-error';
import { type Vocabulary, vocabularyFromTokens, UNK, EOS } from './vocabulary';

/** The `format` tag of a saved vocabulary. */
export const VOCABULARY_FORMAT = 'rrnn-vocabulary';

/**
 * A vocabulary as JSON text, one token per line so files diff well:
 * `{ "format": "rrnn-vocabulary", "version": 1, "unk": "<unk>", "eos": "<eos>", "tokens": [...] }`.
 * Token ids are positions in `tokens`.
 */
export function vocabularyToJSON(v: Vocabulary): string {
  const tokens = v.tokens;
  const body = { format: VOCABULARY_FORMAT, version: 1, unk: tokens[v.unkId], eos: tokens[v.eosId], tokens };
  return JSON.stringify(body, null, 2) + '\n';
}

/**
 * Parses {@link vocabularyToJSON}'s output. Errors name `source` (e.g. the
 * file path) and the line where the problem is.
 */
export function vocabularyFromJSON(text: string, source = 'vocabulary JSON'): Vocabulary {
  const at = (offset: number) => {
    const { line, column } = lineColumn(text, offset);
    return `${source}:${line}:${column}`;
  };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    const offset = jsonErrorOffset(text);
    throw new Error(`${at(Math.max(0, offset))}: not valid JSON (${(e as Error).message.split('\n')[0]}); re-save the vocabulary with vocabularyToJSON`);
  }
  const keyLine = (key: string) => at(Math.max(0, text.indexOf(`"${key}"`)));
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`${at(0)}: a vocabulary must be a JSON object with a "tokens" array`);
  }
  const o = body as Record<string, unknown>;
  if (o.format !== undefined && o.format !== VOCABULARY_FORMAT) {
    throw new Error(`${keyLine('format')}: format is ${JSON.stringify(o.format)}, expected "${VOCABULARY_FORMAT}"`);
  }
  if (o.version !== undefined && o.version !== 1) {
    throw new Error(`${keyLine('version')}: version ${JSON.stringify(o.version)} is not supported (this reader knows version 1)`);
  }
  if (!Array.isArray(o.tokens)) throw new Error(`${o.tokens === undefined ? at(0) : keyLine('tokens')}: "tokens" must be an array of strings`);
  const tokens = o.tokens as unknown[];
  const tokensAt = text.indexOf('"tokens"');
  // The offset of token #k in the text: walk the array's string literals in order.
  const tokenOffset = (k: number) => {
    let offset = text.indexOf('[', tokensAt);
    for (let j = 0; j <= k; j++) {
      const literal = JSON.stringify(tokens[j]) ?? 'null';
      const next = text.indexOf(literal, offset + 1);
      if (next < 0) return offset;
      offset = next;
    }
    return offset;
  };
  const seen = new Map<string, number>();
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (typeof t !== 'string') throw new Error(`${at(tokenOffset(k))}: token #${k} is ${JSON.stringify(t)}, not a string`);
    const first = seen.get(t);
    if (first !== undefined) throw new Error(`${at(tokenOffset(k))}: token ${JSON.stringify(t)} appears twice (ids ${first} and ${k}); every token needs one id`);
    seen.set(t, k);
  }
  for (const [key, want] of [['unk', UNK], ['eos', EOS]] as const) {
    if (o[key] !== undefined && o[key] !== want) {
      throw new Error(`${keyLine(key)}: "${key}" is ${JSON.stringify(o[key])}; this toolkit uses "${want}"`);
    }
    if (!seen.has(want)) throw new Error(`${keyLine('tokens')}: the tokens lack "${want}"; add it to the list`);
  }
  return vocabularyFromTokens(tokens as string[], source);
}
