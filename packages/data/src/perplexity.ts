/**
 * Perplexity of an add-one smoothed unigram model fitted on `train`:
 * `p(w) = (count(w) + 1) / (N + V)`, `ppl = exp(-mean log p(eval))`.
 * A floor any real language model must beat.
 */
export function unigramPerplexity(train: Int32Array, evalIds: Int32Array, vocabSize: number): number {
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`unigramPerplexity: vocabSize must be a positive integer, got ${vocabSize}`);
  if (evalIds.length === 0) throw new Error('unigramPerplexity: the evaluation ids are empty');
  const counts = new Float64Array(vocabSize);
  for (let i = 0; i < train.length; i++) {
    const id = train[i];
    if (id < 0 || id >= vocabSize) throw new Error(`unigramPerplexity: train id ${id} at position ${i} is outside [0, ${vocabSize})`);
    counts[id] += 1;
  }
  const logTotal = Math.log(train.length + vocabSize);
  let nll = 0;
  for (let i = 0; i < evalIds.length; i++) {
    const id = evalIds[i];
    if (id < 0 || id >= vocabSize) throw new Error(`unigramPerplexity: eval id ${id} at position ${i} is outside [0, ${vocabSize})`);
    nll += logTotal - Math.log(counts[id] + 1);
  }
  return Math.exp(nll / evalIds.length);
}
