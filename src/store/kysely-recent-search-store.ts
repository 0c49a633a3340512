/** Recent searches over Kysely (recent-search-store.ts states the contract). */
import type { Kysely } from 'kysely';
import { recentSearchKey, type RecentSearchStore } from './recent-search-store';
import type { EncoreDatabase } from './schema';

export class KyselyRecentSearchStore implements RecentSearchStore {
  constructor(private readonly db: Kysely<EncoreDatabase>) {}

  async remember(profileId: string, query: string, now: number, kept: number): Promise<void> {
    const key = recentSearchKey(query);
    await this.db.transaction().execute(async (trx) => {
      // Strictly after the newest: two searches in one millisecond (or a clock step back) keep
      // the order they were made in.
      const newest = await trx
        .selectFrom('recent_searches')
        .select((eb) => eb.fn.max('searched_at').as('at'))
        .where('profile_id', '=', profileId)
        .executeTakeFirst();
      const at = Math.max(now, (newest?.at ?? -Infinity) + 1);
      await trx
        .insertInto('recent_searches')
        .values({ profile_id: profileId, query_key: key, query, searched_at: at })
        .onConflict((oc) => oc.columns(['profile_id', 'query_key']).doUpdateSet({ query, searched_at: at }))
        .execute();
      await trx
        .deleteFrom('recent_searches')
        .where('profile_id', '=', profileId)
        .where('query_key', 'not in', (eb) =>
          eb
            .selectFrom('recent_searches')
            .select('query_key')
            .where('profile_id', '=', profileId)
            .orderBy('searched_at', 'desc')
            .orderBy('query_key')
            .limit(kept),
        )
        .execute();
    });
  }

  async recent(profileId: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('recent_searches')
      .select('query')
      .where('profile_id', '=', profileId)
      .orderBy('searched_at', 'desc')
      .orderBy('query_key')
      .limit(limit)
      .execute();
    return rows.map((r) => r.query);
  }

  async clear(profileId: string): Promise<number> {
    const r = await this.db.deleteFrom('recent_searches').where('profile_id', '=', profileId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
