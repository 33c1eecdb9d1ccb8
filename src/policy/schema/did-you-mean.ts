/** "Did you mean" for unknown fields: the closest known sibling field name. */

/** Levenshtein edit distance (insert, delete, substitute). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Prefixes shorter than this say too little (`to` would match every `to*` field). */
const MIN_PREFIX_LENGTH = 3;

function isRelated(unknown: string, candidate: string, distance: number): boolean {
  const shorter = Math.min(unknown.length, candidate.length);
  // a distance as large as the shorter name means nothing in common (`ab` vs `xy`)
  if (distance <= 2 && distance < shorter) return true;
  if (shorter < MIN_PREFIX_LENGTH) return false;
  return unknown.startsWith(candidate) || candidate.startsWith(unknown);
}

/**
 * The known name closest to `unknown`, compared case-insensitively: suggested when the edit
 * distance is at most 2, or the names differ only in case, or one is a prefix of the other
 * (`toPort` -> `toPorts`, `endpointselector` -> `endpointSelector`, `ingressDenyRules` ->
 * `ingressDeny`). Ties go to the earlier candidate.
 */
export function suggestFieldName(unknown: string, candidates: Iterable<string>): string | undefined {
  const needle = unknown.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(needle, name.toLowerCase());
    if (!isRelated(needle, name.toLowerCase(), distance)) continue;
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best?.name;
}
