/**
 * The library repository over Kysely (library-store.ts states the contract). An operation reads
 * the playlist's entry ids in order, computes the new order with the protocol's own
 * `applyOperation` (the function the TV applies optimistically, so both agree by construction),
 * and writes back only the positions that changed, all inside one transaction whose version bump
 * is conditional on the version it read.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { LIBRARY_LIMITS, applyOperation, operationProblem, type PlaylistOperation } from '../protocol';
import type { AlbumRow, ArtistRow } from './catalogue-store';
import { albumQuery, artistQuery, toAlbum, toArtist, toTrack, trackQuery } from './kysely-catalogue-store';
import {
  OPERATION_RECORDS_KEPT,
  type LibraryKind,
  type LibraryOrder,
  type LibraryStore,
  type LikedCursor,
  type LikedTrackRow,
  type OperationOutcome,
  type OperationRequestRow,
  type PlaylistEntryRow,
  type PlaylistRow,
} from './library-store';
import type { EncoreDatabase } from './schema';

export interface KyselyLibraryStoreOptions {
  /** Ids of new playlists and entries; tests may make them deterministic. */
  newId?: (prefix: 'pl_' | 'pe_') => string;
}

type Db = Kysely<EncoreDatabase> | Transaction<EncoreDatabase>;

/** Rows written per statement when positions are renumbered (well under SQLite's bound-parameter limit). */
const WRITE_CHUNK = 400;

/** Entries renumbered by id per statement: a CASE over ids is linear per row, so keep it short. */
const BY_ID_CHUNK = 100;

const randomId = (prefix: 'pl_' | 'pe_') => prefix + randomBytes(6).toString('hex');

const CATALOGUE_TABLE = { track: 'tracks', album: 'albums', artist: 'artists' } as const;

function playlistQuery(db: Db) {
  return db.selectFrom('playlists as p').select((eb) => [
    'p.id',
    'p.profile_id',
    'p.name',
    'p.version',
    'p.created_at',
    'p.updated_at',
    eb
      .selectFrom('playlist_entries as e')
      .whereRef('e.playlist_id', '=', 'p.id')
      .select((e) => e.fn.countAll<number>().as('n'))
      .as('track_count'),
    eb
      .selectFrom('playlist_entries as e')
      .innerJoin('tracks as t', 't.id', 'e.track_id')
      .whereRef('e.playlist_id', '=', 'p.id')
      .select((e) => e.fn.coalesce(e.fn.sum<number>('t.duration_ms'), e.lit(0)).as('d'))
      .as('duration_ms'),
    eb
      .selectFrom('playlist_entries as e')
      .innerJoin('tracks as t', 't.id', 'e.track_id')
      .innerJoin('albums as al', 'al.id', 't.album_id')
      .whereRef('e.playlist_id', '=', 'p.id')
      .orderBy('e.position')
      .orderBy('e.id')
      .limit(1)
      .select('al.artwork_json')
      .as('artwork_json'),
  ]);
}

type PlaylistDbRow = Awaited<ReturnType<ReturnType<typeof playlistQuery>['executeTakeFirstOrThrow']>>;

function toPlaylist(r: PlaylistDbRow): PlaylistRow {
  return {
    id: r.id,
    profileId: r.profile_id,
    name: r.name,
    version: r.version,
    trackCount: Number(r.track_count ?? 0),
    durationMs: Number(r.duration_ms ?? 0),
    artwork: r.artwork_json ? (JSON.parse(r.artwork_json) as PlaylistRow['artwork']) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

interface Shift {
  id: string;
  /** Old position (dense) and new one. */
  from: number;
  position: number;
}

/** The longest run of entries with consecutive old positions moving by the same amount. */
function longestRun(moved: ReadonlyArray<Shift>): { from: number; to: number; delta: number; ids: Set<string> } | undefined {
  let best: { start: number; end: number } | undefined;
  let start = 0;
  for (let i = 1; i <= moved.length; i++) {
    const continues =
      i < moved.length &&
      moved[i]!.from === moved[i - 1]!.from + 1 &&
      moved[i]!.position - moved[i]!.from === moved[i - 1]!.position - moved[i - 1]!.from;
    if (continues) continue;
    if (!best || i - start > best.end - best.start) best = { start, end: i };
    start = i;
  }
  if (!best || best.end - best.start < 2) return undefined;
  const first = moved[best.start]!;
  return {
    from: first.from,
    to: moved[best.end - 1]!.from,
    delta: first.position - first.from,
    ids: new Set(moved.slice(best.start, best.end).map((m) => m.id)),
  };
}

function requestHash(request: OperationRequestRow): string {
  return createHash('sha256').update(JSON.stringify([request.baseVersion, request.operation])).digest('hex');
}

export class KyselyLibraryStore implements LibraryStore {
  private readonly newId: (prefix: 'pl_' | 'pe_') => string;

  constructor(
    private readonly db: Kysely<EncoreDatabase>,
    options: KyselyLibraryStoreOptions = {},
  ) {
    this.newId = options.newId ?? randomId;
  }

  async save(profileId: string, kind: LibraryKind, itemId: string, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom(CATALOGUE_TABLE[kind]).where('id', '=', itemId).select('id').executeTakeFirst();
      if (!exists) return false;
      await trx
        .insertInto('library_items')
        .values({ profile_id: profileId, kind, item_id: itemId, added_at: now })
        .onConflict((oc) => oc.columns(['profile_id', 'kind', 'item_id']).doNothing())
        .execute();
      return true;
    });
  }

  async unsave(profileId: string, kind: LibraryKind, itemId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('library_items')
      .where('profile_id', '=', profileId)
      .where('kind', '=', kind)
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async savedAmong(profileId: string, kind: LibraryKind, itemIds: readonly string[]): Promise<Set<string>> {
    if (itemIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('library_items')
      .where('profile_id', '=', profileId)
      .where('kind', '=', kind)
      .where('item_id', 'in', [...itemIds])
      .select('item_id')
      .execute();
    return new Set(rows.map((r) => r.item_id));
  }

  async likedTracks(profileId: string, limit: number, cursor?: LikedCursor): Promise<{ rows: LikedTrackRow[]; total: number }> {
    const liked = (db: Db) =>
      trackQuery(db).innerJoin('library_items as li', (join) =>
        join.onRef('li.item_id', '=', 't.id').on('li.kind', '=', 'track').on('li.profile_id', '=', profileId),
      );
    let page = liked(this.db).select('li.added_at as liked_at');
    if (cursor) {
      page = page.where((eb) =>
        eb.or([
          eb('li.added_at', '<', cursor.addedAt),
          eb.and([eb('li.added_at', '=', cursor.addedAt), eb('t.id', '<', cursor.trackId)]),
        ]),
      );
    }
    const [rows, count] = await Promise.all([
      page.orderBy('li.added_at', 'desc').orderBy('t.id', 'desc').limit(limit).execute(),
      this.db
        .selectFrom('library_items as li')
        .innerJoin('tracks as t', 't.id', 'li.item_id')
        .where('li.profile_id', '=', profileId)
        .where('li.kind', '=', 'track')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map((r) => ({ track: toTrack(r), addedAt: r.liked_at })), total: Number(count.n) };
  }

  async savedAlbums(profileId: string, order: LibraryOrder): Promise<AlbumRow[]> {
    const q = albumQuery(this.db)
      .innerJoin('library_items as li', (join) =>
        join.onRef('li.item_id', '=', 'al.id').on('li.kind', '=', 'album').on('li.profile_id', '=', profileId),
      )
      .select('ar.sort_name');
    const sorted =
      order === 'recent'
        ? q.orderBy('li.added_at', 'desc')
        : order === 'az'
          ? q.orderBy((eb) => eb.fn('lower', ['al.title']))
          : q.orderBy('ar.sort_name').orderBy('al.year').orderBy((eb) => eb.fn('lower', ['al.title']));
    return (await sorted.orderBy('al.id').execute()).map(toAlbum);
  }

  async followedArtists(profileId: string, order: LibraryOrder): Promise<ArtistRow[]> {
    const q = artistQuery(this.db).innerJoin('library_items as li', (join) =>
      join.onRef('li.item_id', '=', 'ar.id').on('li.kind', '=', 'artist').on('li.profile_id', '=', profileId),
    );
    const sorted = order === 'recent' ? q.orderBy('li.added_at', 'desc') : q.orderBy('ar.sort_name');
    return (await sorted.orderBy('ar.id').execute()).map(toArtist);
  }

  async playlists(profileId: string, order: LibraryOrder, limit = 1000): Promise<PlaylistRow[]> {
    const q = playlistQuery(this.db).where('p.profile_id', '=', profileId);
    const sorted = order === 'recent' ? q.orderBy('p.updated_at', 'desc') : q.orderBy((eb) => eb.fn('lower', ['p.name']));
    return (await sorted.orderBy('p.id').limit(limit).execute()).map(toPlaylist);
  }

  async createPlaylist(profileId: string, name: string, now: number): Promise<PlaylistRow> {
    const id = this.newId('pl_');
    await this.db
      .insertInto('playlists')
      .values({ id, profile_id: profileId, name, version: 0, created_at: now, updated_at: now })
      .execute();
    return { id, profileId, name, version: 0, trackCount: 0, durationMs: 0, artwork: null, createdAt: now, updatedAt: now };
  }

  async playlistPage(
    profileId: string,
    playlistId: string,
    offset: number,
    limit: number,
  ): Promise<{ playlist: PlaylistRow; entries: PlaylistEntryRow[] } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await playlistQuery(trx)
        .where('p.id', '=', playlistId)
        .where('p.profile_id', '=', profileId)
        .executeTakeFirst();
      if (!row) return undefined;
      const rows = await trackQuery(trx)
        .innerJoin('playlist_entries as e', 'e.track_id', 't.id')
        .where('e.playlist_id', '=', playlistId)
        .orderBy('e.position')
        .orderBy('e.id')
        .offset(offset)
        .limit(limit)
        .select('e.id as entry_id')
        .execute();
      return {
        playlist: toPlaylist(row),
        entries: rows.map((r, i) => ({ id: r.entry_id, position: offset + i, track: toTrack(r) })),
      };
    });
  }

  async deletePlaylist(profileId: string, playlistId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('playlists')
      .where('id', '=', playlistId)
      .where('profile_id', '=', profileId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async applyOperation(
    profileId: string,
    playlistId: string,
    request: OperationRequestRow,
    now: number,
  ): Promise<OperationOutcome> {
    const hash = requestHash(request);
    return this.db.transaction().execute(async (trx): Promise<OperationOutcome> => {
      const playlist = await trx
        .selectFrom('playlists')
        .where('id', '=', playlistId)
        .where('profile_id', '=', profileId)
        .select('version')
        .executeTakeFirst();
      if (!playlist) return { kind: 'not_found' };
      const recorded = await trx
        .selectFrom('playlist_operations')
        .where('playlist_id', '=', playlistId)
        .where('operation_id', '=', request.operationId)
        .selectAll()
        .executeTakeFirst();
      if (recorded) {
        if (recorded.request_hash !== hash) return { kind: 'id_reused' };
        return { kind: 'replayed', version: recorded.result_version, entryIds: JSON.parse(recorded.entry_ids_json) as string[] };
      }
      if (playlist.version !== request.baseVersion) return { kind: 'stale', version: playlist.version };

      const op = request.operation;
      const entries = await trx
        .selectFrom('playlist_entries')
        .where('playlist_id', '=', playlistId)
        .orderBy('position')
        .orderBy('id')
        .select(['id', 'position'])
        .execute();
      const problem = operationProblem(op, entries.length, LIBRARY_LIMITS.playlistMaxEntries);
      if (problem) return { kind: 'invalid', problem };
      const inserted = op.op === 'insert' ? await this.newEntries(trx, op) : [];
      if (typeof inserted === 'string') return { kind: 'invalid', problem: inserted };

      await this.writeOrder(trx, playlistId, entries, op, inserted, now);
      if (op.op === 'rename') {
        await trx.updateTable('playlists').set({ name: op.name }).where('id', '=', playlistId).execute();
      }
      const version = playlist.version + 1;
      const bumped = await trx
        .updateTable('playlists')
        .set({ version, updated_at: now })
        .where('id', '=', playlistId)
        .where('version', '=', playlist.version)
        .executeTakeFirst();
      // Unreachable while transactions are serialised; a dialect with concurrent writers must not commit it.
      if (Number(bumped.numUpdatedRows) !== 1) throw new Error(`playlist ${playlistId} changed during an operation`);
      const entryIds = inserted.map((e) => e.id);
      await trx
        .insertInto('playlist_operations')
        .values({
          playlist_id: playlistId,
          operation_id: request.operationId,
          request_hash: hash,
          result_version: version,
          entry_ids_json: JSON.stringify(entryIds),
          applied_at: now,
        })
        .execute();
      await trx
        .deleteFrom('playlist_operations')
        .where('playlist_id', '=', playlistId)
        .where('result_version', '<=', version - OPERATION_RECORDS_KEPT)
        .execute();
      return { kind: 'applied', version, entryIds };
    });
  }

  /** New entries for an insert, or the problem with its track ids. */
  private async newEntries(
    trx: Transaction<EncoreDatabase>,
    op: Extract<PlaylistOperation, { op: 'insert' }>,
  ): Promise<Array<{ id: string; trackId: string }> | string> {
    const distinct = [...new Set(op.trackIds)];
    const found = new Set<string>();
    for (let i = 0; i < distinct.length; i += WRITE_CHUNK) {
      const rows = await trx.selectFrom('tracks').where('id', 'in', distinct.slice(i, i + WRITE_CHUNK)).select('id').execute();
      for (const r of rows) found.add(r.id);
    }
    const unknown = distinct.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      return `operation.trackIds: ${unknown.length} unknown track id(s): ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}`;
    }
    return op.trackIds.map((trackId) => ({ id: this.newId('pe_'), trackId }));
  }

  /** Inserts new entries at their positions and renumbers only the entries whose position changed. */
  private async writeOrder(
    trx: Transaction<EncoreDatabase>,
    playlistId: string,
    entries: Array<{ id: string; position: number }>,
    op: PlaylistOperation,
    inserted: Array<{ id: string; trackId: string }>,
    now: number,
  ): Promise<void> {
    const newOnes = new Map(inserted.map((e) => [e.id, e.trackId]));
    const next = applyOperation<{ id: string; position: number }>(
      entries,
      op,
      inserted.map((e) => ({ id: e.id, position: -1 })),
    );
    if (op.op === 'remove') {
      await trx.deleteFrom('playlist_entries').where('id', '=', entries[op.at]!.id).execute();
    }
    const moved: Shift[] = [];
    const added: Array<{ id: string; playlist_id: string; track_id: string; position: number; added_at: number }> = [];
    next.forEach((e, position) => {
      const trackId = newOnes.get(e.id);
      if (trackId !== undefined) added.push({ id: e.id, playlist_id: playlistId, track_id: trackId, position, added_at: now });
      else if (e.position !== position) moved.push({ id: e.id, from: e.position, position });
    });
    // Every operation shifts one contiguous run of entries by the same amount (plus the moved entry):
    // that run is one range update, the rest go by id. Positions are dense unless the ingest
    // removed a track; then the run is not a position range and everything goes by id.
    const run = entries.every((e, i) => e.position === i) ? longestRun(moved) : undefined;
    if (run) {
      await trx
        .updateTable('playlist_entries')
        .set((eb) => ({ position: eb('position', '+', run.delta) }))
        .where('playlist_id', '=', playlistId)
        .where('position', '>=', run.from)
        .where('position', '<=', run.to)
        .execute();
    }
    const byId = run ? moved.filter((m) => !run.ids.has(m.id)) : moved;
    for (let i = 0; i < byId.length; i += BY_ID_CHUNK) {
      const chunk = byId.slice(i, i + BY_ID_CHUNK);
      await trx
        .updateTable('playlist_entries')
        .set((eb) => {
          let c = eb.case('id').when(chunk[0]!.id).then(chunk[0]!.position);
          for (const m of chunk.slice(1)) c = c.when(m.id).then(m.position);
          return { position: c.else(eb.ref('position')).end() };
        })
        .where('id', 'in', chunk.map((m) => m.id))
        .execute();
    }
    for (let i = 0; i < added.length; i += WRITE_CHUNK) {
      await trx.insertInto('playlist_entries').values(added.slice(i, i + WRITE_CHUNK)).execute();
    }
  }
}
