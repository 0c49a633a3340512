/**
 * Long-form repository over Kysely (show-store.ts states the contract). The played mark is
 * decided in the upsert itself from the track's duration, so two devices racing cannot lose it.
 */
import { sql, type Kysely } from 'kysely';
import type { AlbumRow } from './catalogue-store';
import { albumQuery, toAlbum, toTrack, trackQuery } from './kysely-catalogue-store';
import { PLAYED_SHARE } from '../protocol';
import {
  type EpisodeMeta,
  type EpisodeRow,
  type LongFormKind,
  type PositionRow,
  type ShowRow,
  type ShowStore,
} from './show-store';
import type { EncoreDatabase } from './schema';

export class KyselyShowStore implements ShowStore {
  constructor(private readonly db: Kysely<EncoreDatabase>) {}

  async setEpisode(trackId: string, showId: string, meta: EpisodeMeta | null): Promise<void> {
    if (meta === null) {
      await this.db.deleteFrom('episodes').where('track_id', '=', trackId).execute();
      return;
    }
    const row = { show_id: showId, kind: meta.kind, published_at: meta.publishedAt, description: meta.description };
    await this.db
      .insertInto('episodes')
      .values({ track_id: trackId, ...row })
      .onConflict((oc) => oc.column('track_id').doUpdateSet(row))
      .execute();
  }

  async show(showId: string, profileId: string | null): Promise<{ show: ShowRow; episodes: EpisodeRow[] } | undefined> {
    const [album, rows] = await Promise.all([
      albumQuery(this.db).where('al.id', '=', showId).executeTakeFirst(),
      trackQuery(this.db)
        .innerJoin('episodes as ep', 'ep.track_id', 't.id')
        .leftJoin('positions as pos', (join) =>
          join.onRef('pos.track_id', '=', 't.id').on('pos.profile_id', '=', profileId ?? ''),
        )
        .where('ep.show_id', '=', showId)
        .select(['ep.kind', 'ep.published_at', 'ep.description', 'pos.position_ms', 'pos.played'])
        .orderBy((eb) => eb('ep.published_at', 'is', null))
        .orderBy('ep.published_at', 'desc')
        .orderBy('t.disc')
        .orderBy('t.number')
        .orderBy('t.id')
        .execute(),
    ]);
    if (!album || rows.length === 0) return undefined;
    return {
      show: { album: toAlbum(album), kind: rows[0]!.kind },
      episodes: rows.map((r) => ({
        track: toTrack(r),
        publishedAt: r.published_at,
        description: r.description,
        positionMs: profileId === null ? 0 : (r.position_ms ?? 0),
        played: profileId !== null && r.played === 1,
      })),
    };
  }

  async shows(limit: number): Promise<ShowRow[]> {
    const rows = await albumQuery(this.db)
      .innerJoin(
        (eb) => eb.selectFrom('episodes').select(['show_id', (e) => e.fn.min('kind').as('kind')]).groupBy('show_id').as('s'),
        (join) => join.onRef('s.show_id', '=', 'al.id'),
      )
      .select('s.kind')
      .orderBy('al.added_at', 'desc')
      .orderBy('al.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ album: toAlbum(r) as AlbumRow, kind: r.kind as LongFormKind }));
  }

  async episodeKind(trackId: string): Promise<LongFormKind | null> {
    const r = await this.db.selectFrom('episodes').where('track_id', '=', trackId).select('kind').executeTakeFirst();
    return r?.kind ?? null;
  }

  async savePosition(profileId: string, trackId: string, positionMs: number, now: number): Promise<PositionRow | undefined> {
    const track = await this.db.selectFrom('tracks').where('id', '=', trackId).select('duration_ms').executeTakeFirst();
    if (!track) return undefined;
    const clamped = Math.min(positionMs, track.duration_ms);
    const passed = clamped > track.duration_ms * PLAYED_SHARE ? 1 : 0;
    await this.db
      .insertInto('positions')
      .values({ profile_id: profileId, track_id: trackId, position_ms: clamped, played: passed, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['profile_id', 'track_id']).doUpdateSet({
          position_ms: clamped,
          updated_at: now,
          // Once played, stays played.
          played: sql<number>`max(positions.played, ${passed})`,
        }),
      )
      .execute();
    return this.position(profileId, trackId);
  }

  async position(profileId: string, trackId: string): Promise<PositionRow | undefined> {
    const r = await this.db
      .selectFrom('positions')
      .where('profile_id', '=', profileId)
      .where('track_id', '=', trackId)
      .selectAll()
      .executeTakeFirst();
    return r && { trackId: r.track_id, positionMs: r.position_ms, played: r.played === 1, updatedAt: r.updated_at };
  }
}
