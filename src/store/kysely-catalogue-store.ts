/**
 * The catalogue repository over Kysely: one implementation for every dialect Kysely speaks
 * (schema.ts). No SQLite-only SQL here (no rowid, no COLLATE NOCASE, no pragmas): ties are broken
 * by id, names sort by the ingest's sort key.
 *
 * Contract (catalogue-store.ts): every write is one transaction; JSON columns are checked on the
 * way in against the protocol's schemas, so reads can trust them.
 */
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Kysely, Transaction } from 'kysely';
import { Artwork, Rendition } from '../protocol';
import type {
  AlbumRow,
  ArtistRow,
  CatalogueStore,
  SourceRecord,
  TrackInput,
  TrackRow,
} from './catalogue-store';
import type { EncoreDatabase } from './schema';
import { sortKey } from './sort-key';

export interface KyselyCatalogueStoreOptions {
  /** Clock for `added_at`; tests pin it to get a deterministic "newest first". */
  now?: () => number;
}

const checkArtwork = TypeCompiler.Compile(Artwork);
const checkLadder = TypeCompiler.Compile(Type.Array(Rendition));

type Db = Kysely<EncoreDatabase> | Transaction<EncoreDatabase>;

export function albumQuery(db: Db) {
  return db
    .selectFrom('albums as al')
    .innerJoin('artists as ar', 'ar.id', 'al.artist_id')
    .select((eb) => [
      'al.id',
      'al.title',
      'al.artist_id',
      'ar.name as artist_name',
      'al.year',
      'al.artwork_json',
      'al.added_at',
      eb
        .selectFrom('tracks as t')
        .whereRef('t.album_id', '=', 'al.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('track_count'),
      eb
        .selectFrom('tracks as t')
        .whereRef('t.album_id', '=', 'al.id')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('t.duration_ms'), e.lit(0)).as('d'))
        .as('duration_ms'),
    ]);
}

export function trackQuery(db: Db) {
  return db
    .selectFrom('tracks as t')
    .innerJoin('albums as al', 'al.id', 't.album_id')
    .innerJoin('artists as ar', 'ar.id', 't.artist_id')
    // At most one row per track (episodes.track_id is its key), so the join adds no rows.
    .leftJoin('episodes as lf', 'lf.track_id', 't.id')
    .select([
      't.id',
      't.title',
      't.artist_id',
      'ar.name as artist_name',
      't.album_id',
      'al.title as album_title',
      't.disc',
      't.number',
      't.duration_ms',
      't.integrated_lufs',
      't.true_peak_dbtp',
      't.content_hash',
      't.ladder_json',
      't.source_path',
      'al.artwork_json',
      't.packaging_json',
      't.gapless',
      'lf.kind as long_form',
    ]);
}

/** An artist's picture is their newest album's cover (undated albums count as oldest). */
export function artistQuery(db: Db) {
  return db.selectFrom('artists as ar').select((eb) => [
    'ar.id',
    'ar.name',
    eb
      .selectFrom('albums as a2')
      .whereRef('a2.artist_id', '=', 'ar.id')
      .select('a2.artwork_json')
      .orderBy((e) => e('a2.year', 'is', null))
      .orderBy('a2.year', 'desc')
      .orderBy('a2.added_at', 'desc')
      .orderBy('a2.id', 'desc')
      .limit(1)
      .as('artwork_json'),
    eb
      .selectFrom('albums as a3')
      .whereRef('a3.artist_id', '=', 'ar.id')
      .select((e) => e.fn.countAll<number>().as('n'))
      .as('album_count'),
  ]);
}

type AlbumDbRow = Awaited<ReturnType<ReturnType<typeof albumQuery>['executeTakeFirstOrThrow']>>;
type TrackDbRow = Awaited<ReturnType<ReturnType<typeof trackQuery>['executeTakeFirstOrThrow']>>;
type ArtistDbRow = Awaited<ReturnType<ReturnType<typeof artistQuery>['executeTakeFirstOrThrow']>>;

export function toAlbum(r: AlbumDbRow): AlbumRow {
  return {
    id: r.id,
    title: r.title,
    artistId: r.artist_id,
    artistName: r.artist_name,
    year: r.year,
    artwork: JSON.parse(r.artwork_json) as AlbumRow['artwork'],
    trackCount: Number(r.track_count ?? 0),
    durationMs: Number(r.duration_ms ?? 0),
    addedAt: r.added_at,
  };
}

export function toTrack(r: TrackDbRow): TrackRow {
  return {
    id: r.id,
    title: r.title,
    artistId: r.artist_id,
    artistName: r.artist_name,
    albumId: r.album_id,
    albumTitle: r.album_title,
    disc: r.disc,
    number: r.number,
    durationMs: r.duration_ms,
    integratedLufs: r.integrated_lufs,
    truePeakDbtp: r.true_peak_dbtp,
    contentHash: r.content_hash,
    ladder: JSON.parse(r.ladder_json) as TrackRow['ladder'],
    sourcePath: r.source_path,
    artwork: JSON.parse(r.artwork_json) as TrackRow['artwork'],
    packaging: r.packaging_json === null ? null : (JSON.parse(r.packaging_json) as TrackRow['packaging']),
    gapless: r.gapless === 1,
    longForm: r.long_form ?? null,
  };
}

export function toArtist(r: ArtistDbRow): ArtistRow {
  return {
    id: r.id,
    name: r.name,
    artwork: r.artwork_json == null ? null : (JSON.parse(r.artwork_json) as Artwork),
    albumCount: Number(r.album_count ?? 0),
  };
}

export class KyselyCatalogueStore implements CatalogueStore {
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<EncoreDatabase>,
    options: KyselyCatalogueStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async recentAlbums(limit: number): Promise<AlbumRow[]> {
    const rows = await albumQuery(this.db)
      .orderBy('al.added_at', 'desc')
      .orderBy('al.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toAlbum);
  }

  async artistsWithAlbums(limit: number): Promise<ArtistRow[]> {
    const rows = await artistQuery(this.db)
      .where((eb) => eb.exists(eb.selectFrom('albums as a4').whereRef('a4.artist_id', '=', 'ar.id').select('a4.id')))
      .orderBy('ar.sort_name')
      .orderBy('ar.id')
      .limit(limit)
      .execute();
    return rows.map(toArtist);
  }

  async recentlyPlayedAlbums(profileId: string | null, limit: number): Promise<AlbumRow[]> {
    const rows = await albumQuery(this.db)
      .innerJoin(
        (eb) =>
          eb
            .selectFrom('plays as p')
            .innerJoin('tracks as t', 't.id', 'p.track_id')
            .where('p.profile_id', profileId === null ? 'is' : '=', profileId)
            .groupBy('t.album_id')
            .select((e) => ['t.album_id', e.fn.max('p.at_ms').as('last_at'), e.fn.max('p.id').as('last_id')])
            .as('r'),
        (join) => join.onRef('r.album_id', '=', 'al.id'),
      )
      .orderBy('r.last_at', 'desc')
      .orderBy('r.last_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toAlbum);
  }

  async album(id: string): Promise<AlbumRow | undefined> {
    const r = await albumQuery(this.db).where('al.id', '=', id).executeTakeFirst();
    return r && toAlbum(r);
  }

  async albumTracks(albumId: string): Promise<TrackRow[]> {
    const rows = await trackQuery(this.db)
      .where('t.album_id', '=', albumId)
      .orderBy('t.disc')
      .orderBy('t.number')
      .orderBy('t.title')
      .orderBy('t.id')
      .execute();
    return rows.map(toTrack);
  }

  async artist(id: string): Promise<ArtistRow | undefined> {
    const r = await artistQuery(this.db).where('ar.id', '=', id).executeTakeFirst();
    return r && toArtist(r);
  }

  async artistAlbums(artistId: string): Promise<AlbumRow[]> {
    const rows = await albumQuery(this.db)
      .where('al.artist_id', '=', artistId)
      .orderBy((eb) => eb('al.year', 'is', null))
      .orderBy('al.year', 'desc')
      .orderBy('al.added_at', 'desc')
      .orderBy('al.title')
      .execute();
    return rows.map(toAlbum);
  }

  async artistTopTracks(artistId: string, limit: number): Promise<TrackRow[]> {
    const rows = await trackQuery(this.db)
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('plays')
            .groupBy('track_id')
            .select((e) => ['track_id', e.fn.countAll<number>().as('n')])
            .as('pc'),
        (join) => join.onRef('pc.track_id', '=', 't.id'),
      )
      .where('t.artist_id', '=', artistId)
      .orderBy((eb) => eb.fn.coalesce('pc.n', eb.lit(0)), 'desc')
      .orderBy((eb) => eb('al.year', 'is', null))
      .orderBy('al.year')
      .orderBy('al.added_at')
      .orderBy('al.id')
      .orderBy('t.disc')
      .orderBy('t.number')
      .limit(limit)
      .execute();
    return rows.map(toTrack);
  }

  async track(id: string): Promise<TrackRow | undefined> {
    const r = await trackQuery(this.db).where('t.id', '=', id).executeTakeFirst();
    return r && toTrack(r);
  }

  async tracks(ids: readonly string[]): Promise<TrackRow[]> {
    if (ids.length === 0) return [];
    return (await trackQuery(this.db).where('t.id', 'in', ids).execute()).map(toTrack);
  }

  async trackCount(): Promise<number> {
    const r = await this.db
      .selectFrom('tracks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async recordPlay(trackId: string, atMs: number, profileId: string | null): Promise<boolean> {
    // INSERT … SELECT: an unknown track inserts nothing instead of failing a foreign key.
    const result = await this.db
      .insertInto('plays')
      .columns(['track_id', 'at_ms', 'profile_id'])
      .expression((eb) =>
        eb
          .selectFrom('tracks')
          .where('id', '=', trackId)
          .select((e) => ['id', e.val(Math.round(atMs)).as('at_ms'), e.val(profileId).as('profile_id')]),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async sourceRecord(sourcePath: string): Promise<SourceRecord | undefined> {
    return this.db
      .selectFrom('tracks')
      .where('source_path', '=', sourcePath)
      .select([
        'id as trackId',
        'content_hash as contentHash',
        'source_size as sourceSize',
        'source_mtime_ms as sourceMtimeMs',
      ])
      .executeTakeFirst();
  }

  upsertTrack(input: TrackInput): Promise<void> {
    return this.upsertTracks([input]);
  }

  async upsertTracks(inputs: readonly TrackInput[]): Promise<void> {
    for (const input of inputs) {
      if (!checkArtwork.Check(input.album.artwork)) {
        throw new Error(`track ${input.id}: album artwork does not match the Artwork schema`);
      }
      if (!checkLadder.Check(input.ladder)) {
        throw new Error(`track ${input.id}: ladder does not match the Rendition[] schema`);
      }
    }
    await this.db.transaction().execute(async (trx) => {
      for (const input of inputs) await this.writeTrack(trx, input);
    });
  }

  async referencedHashes(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('tracks').select('content_hash').distinct().execute();
    return new Set(rows.map((r) => r.content_hash));
  }

  async sourcesUnder(dir: string): Promise<Array<{ trackId: string; sourcePath: string }>> {
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    // A prefix compare, not LIKE: paths may hold % and _. SQL's substr counts code points, JS's
    // .length UTF-16 units (an emoji is 2), hence the spread.
    return this.db
      .selectFrom('tracks')
      .where((eb) => eb(eb.fn('substr', ['source_path', eb.val(1), eb.val([...prefix].length)]), '=', prefix))
      .select(['id as trackId', 'source_path as sourcePath'])
      .execute();
  }

  async removeTracks(trackIds: readonly string[]): Promise<void> {
    if (trackIds.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const id of trackIds) await deleteTrackAndEmptyParents(trx, id);
    });
  }

  private async writeTrack(trx: Transaction<EncoreDatabase>, input: TrackInput): Promise<void> {
    const now = this.now();
    const ref = (where: 'id' | 'source_path', value: string) =>
      trx.selectFrom('tracks').where(where, '=', value).select(['id', 'album_id', 'artist_id']).executeTakeFirst();
    const before = await ref('id', input.id);
    // The same file under a different id (the id scheme changed, or tags moved it): take over
    // its history rather than leaving a duplicate row pointing at the same source.
    const sameSource = await ref('source_path', input.sourcePath);
    const displaced = sameSource && sameSource.id !== input.id ? sameSource : undefined;
    if (displaced) {
      await trx
        .updateTable('tracks')
        .set((eb) => ({ source_path: eb.fn('concat', ['source_path', eb.val('\u0000'), 'id']) }))
        .where('id', '=', displaced.id)
        .execute();
    }

    await trx
      .insertInto('artists')
      .values({ id: input.artist.id, name: input.artist.name, sort_name: sortKey(input.artist.name) })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), sort_name: eb.ref('excluded.sort_name') })),
      )
      .execute();
    await trx
      .insertInto('albums')
      .values({
        id: input.album.id,
        artist_id: input.artist.id,
        title: input.album.title,
        year: input.album.year,
        artwork_json: JSON.stringify(input.album.artwork),
        added_at: now,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          artist_id: eb.ref('excluded.artist_id'),
          title: eb.ref('excluded.title'),
          // One untagged track must not erase the year its album-mates carry.
          year: eb.fn.coalesce('excluded.year', 'albums.year'),
          artwork_json: eb.ref('excluded.artwork_json'),
        })),
      )
      .execute();
    const row = {
      id: input.id,
      album_id: input.album.id,
      artist_id: input.artist.id,
      title: input.title,
      disc: input.disc,
      number: input.number,
      duration_ms: Math.round(input.durationMs),
      integrated_lufs: input.integratedLufs,
      true_peak_dbtp: input.truePeakDbtp,
      content_hash: input.contentHash,
      ladder_json: JSON.stringify(input.ladder),
      source_path: input.sourcePath,
      source_size: input.sourceSize,
      source_mtime_ms: Math.round(input.sourceMtimeMs),
      packaging_json: input.packaging ? JSON.stringify(input.packaging) : null,
      gapless: input.gapless ? 1 : 0,
    };
    const { id: _id, ...updatable } = row;
    await trx
      .insertInto('tracks')
      .values({ ...row, added_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet(updatable))
      .execute();
    if (input.genre !== undefined) {
      await trx.updateTable('tracks').set({ genre: input.genre }).where('id', '=', input.id).execute();
    }

    if (displaced) {
      await passHistory(trx, displaced.id, input.id);
      await trx.deleteFrom('tracks').where('id', '=', displaced.id).execute();
    }
    for (const old of [before, displaced]) {
      if (!old) continue;
      if (old.album_id !== input.album.id) await deleteAlbumIfEmpty(trx, old.album_id);
      if (old.artist_id !== input.artist.id) await deleteArtistIfEmpty(trx, old.artist_id);
    }
  }
}

/**
 * The track's plays pass to another track of the same recording (a file moved or renamed is
 * ingested under a new id before the old one is removed); otherwise they go with it.
 */
async function deleteTrackAndEmptyParents(trx: Transaction<EncoreDatabase>, id: string): Promise<void> {
  const row = await trx.selectFrom('tracks').where('id', '=', id).select(['album_id', 'artist_id', 'content_hash']).executeTakeFirst();
  if (!row) return;
  const heir = await trx
    .selectFrom('tracks')
    .where('content_hash', '=', row.content_hash)
    .where('id', '<>', id)
    .select('id')
    .limit(1)
    .executeTakeFirst();
  if (heir) await passHistory(trx, id, heir.id);
  else await trx.deleteFrom('plays').where('track_id', '=', id).execute();
  await trx.deleteFrom('tracks').where('id', '=', id).execute();
  await deleteAlbumIfEmpty(trx, row.album_id);
  await deleteArtistIfEmpty(trx, row.artist_id);
}

/**
 * Everything that points at a track passes to the track that replaces it (a file moved, renamed or
 * retagged gets a new id): plays, playlist entries, likes and resume positions. Where the heir
 * already has a like or a position of that profile, the heir's stays and the old one goes with
 * the old track. Portable SQL: no UPDATE OR IGNORE.
 */
async function passHistory(trx: Transaction<EncoreDatabase>, from: string, to: string): Promise<void> {
  await trx.updateTable('plays').set({ track_id: to }).where('track_id', '=', from).execute();
  await trx.updateTable('playlist_entries').set({ track_id: to }).where('track_id', '=', from).execute();
  await trx
    .updateTable('library_items as li')
    .set({ item_id: to })
    .where('li.kind', '=', 'track')
    .where('li.item_id', '=', from)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('library_items as x')
            .whereRef('x.profile_id', '=', 'li.profile_id')
            .where('x.kind', '=', 'track')
            .where('x.item_id', '=', to)
            .select('x.item_id'),
        ),
      ),
    )
    .execute();
  await trx.deleteFrom('library_items').where('kind', '=', 'track').where('item_id', '=', from).execute();
  await trx
    .updateTable('positions as p')
    .set({ track_id: to })
    .where('p.track_id', '=', from)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('positions as y').whereRef('y.profile_id', '=', 'p.profile_id').where('y.track_id', '=', to).select('y.track_id'),
        ),
      ),
    )
    .execute();
}

async function deleteAlbumIfEmpty(trx: Transaction<EncoreDatabase>, id: string): Promise<void> {
  await trx
    .deleteFrom('albums')
    .where('id', '=', id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('tracks').where('album_id', '=', id).select('id'))))
    .execute();
}

async function deleteArtistIfEmpty(trx: Transaction<EncoreDatabase>, id: string): Promise<void> {
  await trx
    .deleteFrom('artists')
    .where('id', '=', id)
    .where((eb) =>
      eb.and([
        eb.not(eb.exists(eb.selectFrom('albums').where('artist_id', '=', id).select('id'))),
        eb.not(eb.exists(eb.selectFrom('tracks').where('artist_id', '=', id).select('id'))),
      ]),
    )
    .execute();
}
