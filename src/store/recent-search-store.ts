/**
 * What each profile searched for lately: the Search page's empty state ("Recent searches").
 *
 * Contract: async; every method takes the profile id and sees only that profile's rows. A query
 * is kept once, under its key (case, spacing and Unicode form folded: "Osk  vale" and "osk vale"
 * are one entry, shown as last typed); remembering it again moves it to the front. At most
 * `kept` entries per profile: the oldest go in the same transaction that adds one. Crash safety:
 * `remember` is one transaction (upsert + trim), so after a SIGKILL or power cut the list is the
 * one before or after it, never longer than `kept`. Rows go with their profile.
 */
export interface RecentSearchStore {
  /** Moves `query` (already trimmed and checked) to the front, keeping the newest `kept`. */
  remember(profileId: string, query: string, now: number, kept: number): Promise<void>;
  /** Newest first, at most `limit`. */
  recent(profileId: string, limit: number): Promise<string[]>;
  /** How many were removed. */
  clear(profileId: string): Promise<number>;
}

/** The dedup key: one entry however the query was cased or spaced. */
export function recentSearchKey(query: string): string {
  return query.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}
