/**
 * The key names sort by, computed once at ingest so the database can ORDER BY and LIMIT in one
 * query (no per-request Intl.Collator pass over every artist). Compatibility decomposition, marks
 * removed, case-folded: "Ósk Vale" → "osk vale" (under O, not after Z), "Beyoncé" → "beyonce",
 * full-width letters fold to ASCII. Whitespace is collapsed so "A  B" and "A B" sort together.
 */
export function sortKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
