/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two words. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known word closest to `word`, when it is close enough to be a typo
 * (at most a third of its letters wrong, at least one allowed), or a known word
 * that starts with it (an abbreviation such as `--hid`); undefined otherwise.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { w: string; d: number } | undefined;
  for (const w of known) {
    const d = editDistance(word, w);
    if (d <= limit && (!best || d < best.d)) best = { w, d };
  }
  return best?.w ?? (word.length >= 3 ? known.find((w) => w.startsWith(word)) : undefined);
}

/** ` (did you mean X?)` for the closest known word, or nothing. */
export function didYouMean(word: string, known: readonly string[], show: (w: string) => string = (w) => w): string {
  const c = closest(word, known);
  return c === undefined ? '' : ` (did you mean ${show(c)}?)`;
}
