import { readFile, writeFile } from 'node:fs/promises';
import type { Vocabulary } from '../vocabulary';
import { vocabularyFromJSON, vocabularyToJSON } from '../vocabulary-json';

/** Saves a vocabulary as JSON (see `vocabularyToJSON`). */
export async function writeVocabulary(path: string, v: Vocabulary): Promise<void> {
  await writeFile(path, vocabularyToJSON(v), 'utf8');
}

/** Loads a vocabulary JSON file; errors name `path:line:column`. */
export async function readVocabulary(path: string): Promise<Vocabulary> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`${path}: cannot read the vocabulary (${e.code ?? e.message}); check the path`);
  });
  return vocabularyFromJSON(text, path);
}
