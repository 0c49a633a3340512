/**
 * The TV's side of playlist editing (no UI, no Lightning): sends each edit as an operation with
 * the version it was made against and its own operation id, one at a time and in order. A 409
 * (someone else edited first: the phone, another TV) reloads the playlist, rebases the edit onto
 * it (protocol/playlist-operations.ts) and sends it again; an edit whose entry someone removed
 * comes back as a conflict for the page to show ("could not move: it was removed").
 *
 * State machine per edit: send → applied | stale → (reload, rebase) → send again | conflict;
 * a network failure resends the same request once (same id: the BFF answers a repeat with its
 * recorded result, so it is never applied twice).
 */
import type { TSchema } from '@sinclair/typebox';
import { Check } from '@sinclair/typebox/value';
import {
  LibraryPath,
  OperationResponse,
  PlaylistResponse,
  StaleVersionBody,
  applyOperation,
  rebaseOperation,
  type OperationBody,
  type PlaylistEntry,
  type PlaylistOperation,
  type PlaylistSummary,
} from '../../protocol';

export interface LoadedPlaylist {
  playlist: PlaylistSummary;
  entries: PlaylistEntry[];
}

export type ApplyAnswer = { kind: 'applied'; response: OperationResponse } | { kind: 'stale'; currentVersion: number };

export interface PlaylistTransport {
  /** Every entry (all pages) at one version. */
  load(playlistId: string): Promise<LoadedPlaylist>;
  /** The playlist's summary alone (version, length): what an append needs. */
  head(playlistId: string): Promise<PlaylistSummary>;
  apply(playlistId: string, request: { operationId: string; baseVersion: number; operation: OperationBody }): Promise<ApplyAnswer>;
}

export type EditResult =
  | { status: 'applied'; version: number }
  | { status: 'conflict'; reason: 'entry_removed'; version: number };

/** Edits rebased this many times in a row give up (someone is editing very fast). */
const MAX_REBASES = 3;
/** Pages asked for when loading a whole playlist: the BFF's maximum. */
const LOAD_PAGE = 500;

function operationId(): string {
  const bytes = new Uint8Array(12);
  const c = typeof crypto !== 'undefined' ? crypto : undefined;
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
}

export class PlaylistEditor {
  private queue: Promise<unknown> = Promise.resolve();
  private state: LoadedPlaylist;

  constructor(
    private readonly transport: PlaylistTransport,
    loaded: LoadedPlaylist,
  ) {
    this.state = loaded;
  }

  get playlist(): PlaylistSummary {
    return this.state.playlist;
  }

  /** The entries as the server has them after the last edit this editor saw. */
  get entries(): readonly PlaylistEntry[] {
    return this.state.entries;
  }

  /**
   * Queues an edit. For an insert, `tracks` are the inserted tracks' rows (what the list draws);
   * their entry ids come from the BFF.
   */
  edit(op: PlaylistOperation, tracks: ReadonlyArray<Pick<PlaylistEntry, 'track' | 'artwork'>> = []): Promise<EditResult> {
    const run = this.queue.then(() => this.send(op, tracks));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(op: PlaylistOperation, tracks: ReadonlyArray<Pick<PlaylistEntry, 'track' | 'artwork'>>): Promise<EditResult> {
    const id = this.state.playlist.id;
    let base = this.state;
    let current = op;
    for (let attempt = 0; ; attempt++) {
      const request = { operationId: operationId(), baseVersion: base.playlist.version, operation: current as OperationBody };
      const answer = await this.transport.apply(id, request).catch(() => this.transport.apply(id, request));
      if (answer.kind === 'applied') {
        this.state = this.applied(base, current, tracks, answer.response);
        return { status: 'applied', version: answer.response.version };
      }
      if (attempt >= MAX_REBASES) throw new Error(`playlist ${id}: still stale after ${MAX_REBASES} rebases`);
      const fresh = await this.transport.load(id);
      const rebased = rebaseOperation(current, base.entries, fresh.entries);
      this.state = fresh;
      if (!rebased.ok) return { status: 'conflict', reason: rebased.problem, version: fresh.playlist.version };
      base = fresh;
      current = rebased.op;
    }
  }

  private applied(
    base: LoadedPlaylist,
    op: PlaylistOperation,
    tracks: ReadonlyArray<Pick<PlaylistEntry, 'track' | 'artwork'>>,
    response: OperationResponse,
  ): LoadedPlaylist {
    const inserted = response.entryIds.map((entryId, i) => ({ ...tracks[i]!, id: entryId, position: 0 }));
    const entries = applyOperation(base.entries, op, inserted).map((e, position) => (e.position === position ? e : { ...e, position }));
    const name = op.op === 'rename' ? op.name : base.playlist.name;
    return {
      playlist: { ...base.playlist, name, version: response.version, trackCount: entries.length },
      entries,
    };
  }
}

/**
 * Appends tracks to a playlist without loading its entries (the context menu's "Add to
 * playlist" from any page): an insert at the end of the version last seen. A 409 only means the
 * end moved; the intent ("at the end") rebases to the new length, asked with `head`. Each send
 * has its own operation id, and a lost answer is resent with the same one (applied once).
 */
export async function appendToPlaylist(transport: PlaylistTransport, seen: PlaylistSummary, trackIds: string[]): Promise<number> {
  let base = seen;
  for (let attempt = 0; ; attempt++) {
    const request = { operationId: operationId(), baseVersion: base.version, operation: { op: 'insert' as const, at: base.trackCount, trackIds } };
    const answer = await transport.apply(base.id, request).catch(() => transport.apply(base.id, request));
    if (answer.kind === 'applied') return answer.response.version;
    if (attempt >= MAX_REBASES) throw new Error(`playlist ${base.id}: still stale after ${MAX_REBASES} rebases`);
    base = await transport.head(base.id);
  }
}

/** The transport over HTTP with the profile's access token. */
export class HttpPlaylistTransport implements PlaylistTransport {
  constructor(
    private readonly base: string,
    private readonly accessToken: () => string | null,
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  async load(playlistId: string, attempt = 0): Promise<LoadedPlaylist> {
    const page = (cursor: string | null): Promise<PlaylistResponse> =>
      this.json(`${LibraryPath.playlist(playlistId)}?limit=${LOAD_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, PlaylistResponse);
    const first = await page(null);
    const entries = first.entries.slice();
    // A cursor belongs to one version: an edit between pages is a 409, and the load starts over.
    for (let cursor = first.nextCursor; cursor !== null; ) {
      const next = await page(cursor).catch(() => null);
      if (next === null || next.playlist.version !== first.playlist.version) {
        if (attempt >= MAX_REBASES) throw new Error(`playlist ${playlistId} kept changing while it loaded`);
        return this.load(playlistId, attempt + 1);
      }
      entries.push(...next.entries);
      cursor = next.nextCursor;
    }
    return { playlist: first.playlist, entries };
  }

  async head(playlistId: string): Promise<PlaylistSummary> {
    return (await this.json<PlaylistResponse>(`${LibraryPath.playlist(playlistId)}?limit=1`, PlaylistResponse)).playlist;
  }

  async apply(playlistId: string, request: { operationId: string; baseVersion: number; operation: OperationBody }): Promise<ApplyAnswer> {
    const res = await this.fetch(LibraryPath.playlistOperations(playlistId), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const body: unknown = await res.json();
    if (res.status === 409 && Check(StaleVersionBody, body)) return { kind: 'stale', currentVersion: body.currentVersion };
    if (res.ok && Check(OperationResponse, body)) return { kind: 'applied', response: body };
    throw new Error(`playlist edit refused (${res.status}): ${(body as { message?: string } | null)?.message ?? ''}`);
  }

  private fetch(path: string, init: RequestInit): Promise<Response> {
    const token = this.accessToken();
    return this.fetchFn(this.base + path, {
      ...init,
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) },
    });
  }

  private async json<T>(path: string, schema: TSchema): Promise<T> {
    const res = await this.fetch(path, { method: 'GET' });
    const body: unknown = await res.json();
    if (!res.ok || !Check(schema, body)) throw new Error(`playlist load failed (${res.status})`);
    return body as T;
  }
}
