// The names PowerShell 7 offers after "The term 'X' is not recognized": its host suggestion
// "Suggestion [4,General]: The most similar commands are: …" lists the commands within a
// Damerau-Levenshtein distance of 5 (FuzzyMatcher.MinimumDistance), closest first, at most 10.

const MAX_DISTANCE = 5;
const MAX_NAMES = 10;

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/** The candidates closest to `name` (each name once, as first spelled), closest first. */
export function similarCommands(name: string, candidates: Iterable<string>): string[] {
  const seen = new Map<string, { name: string; distance: number }>();
  for (const c of candidates) {
    const key = c.toLowerCase();
    if (seen.has(key) || key === name.toLowerCase()) continue;
    const distance = editDistance(name, c);
    if (distance <= MAX_DISTANCE) seen.set(key, { name: c, distance });
  }
  return [...seen.values()]
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }))
    .slice(0, MAX_NAMES)
    .map((c) => c.name);
}

/** The host's line under a command-not-found error, or null when nothing is close. */
export function similarCommandsSuggestion(name: string, candidates: Iterable<string>): string | null {
  const names = similarCommands(name, candidates);
  return names.length ? `Suggestion [4,General]: The most similar commands are: ${names.join(', ')}.` : null;
}
