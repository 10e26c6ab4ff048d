import { nextFloat, type Rng } from '@rrnn/train';

/**
 * Next-token distribution from logits: divide by `temperature`, keep the
 * `topK` largest (0 = all), softmax. Temperature 0 puts all mass on the argmax.
 * Returns probabilities over the whole vocabulary (zeros outside the top k).
 */
export function nextTokenDistribution(logits: ArrayLike<number>, temperature = 1, topK = 0): Float64Array {
  const V = logits.length;
  const p = new Float64Array(V);
  if (temperature === 0) {
    let best = 0;
    for (let i = 1; i < V; i++) if (logits[i] > logits[best]) best = i;
    p[best] = 1;
    return p;
  }
  let keep: number[] | null = null;
  if (topK > 0 && topK < V) keep = topIndices(logits, topK);
  const idx = keep ?? Array.from({ length: V }, (_, i) => i);
  let max = -Infinity;
  for (const i of idx) max = Math.max(max, logits[i] / temperature);
  let sum = 0;
  for (const i of idx) sum += p[i] = Math.exp(logits[i] / temperature - max);
  for (const i of idx) p[i] /= sum;
  return p;
}

/** Indices of the k largest values, largest first (ties: lower index first). */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i)
    .sort((a, b) => values[b] - values[a] || a - b)
    .slice(0, k);
}

/** Draw an index from a distribution with the run's generator. */
export function sampleIndex(p: ArrayLike<number>, rng: Rng): number {
  const u = nextFloat(rng);
  let acc = 0;
  let last = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] <= 0) continue;
    acc += p[i];
    last = i;
    if (u < acc) return i;
  }
  return last;
}
