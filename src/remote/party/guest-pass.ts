/**
 * A party guest's pass and the BFF calls a guest makes. The pass (from POST /api/v1/party/join)
 * is kept in localStorage so a reload stays in the party; it is good for the hub only. Catalogue
 * calls go WITHOUT it: they are the public routes, which show the catalogue and never a
 * household's library, history or playlists.
 */
import {
  ApiPath,
  PartyPath,
  type AlbumResponse,
  type HomeResponse,
  type JoinPartyResponse,
  type PlaybackBatchResponse,
  type SearchResponse,
} from '../../protocol';

const PASS_KEY = 'encore.party.pass';

export type GuestPass = JoinPartyResponse;

export class GuestPasses {
  constructor(private readonly storage: Storage = localStorage) {}

  read(): GuestPass | null {
    try {
      const v = JSON.parse(this.storage.getItem(PASS_KEY) ?? 'null') as Partial<GuestPass> | null;
      return v && typeof v.token === 'string' && typeof v.name === 'string' && typeof v.hostDeviceId === 'string' ? (v as GuestPass) : null;
    } catch {
      return null;
    }
  }

  forget(): void {
    this.storage.removeItem(PASS_KEY);
  }

  /** Resolves the pass, or the text to show when the BFF refused. */
  async join(code: string, name: string): Promise<GuestPass | string> {
    const res = await fetch(PartyPath.join(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name }),
    }).catch(() => null);
    if (!res) return 'Cannot reach Encore. Check the Wi-Fi and try again.';
    if (res.status === 404) return 'No party has that code. Check the code on the TV.';
    if (res.status === 400) return 'Give a name of 1 to 24 letters, and the 7-letter code from the TV.';
    if (res.status === 409) return 'This party is full.';
    if (res.status === 429) return `Too many tries. Wait ${res.headers.get('retry-after') ?? 'a minute'} s and try again.`;
    if (!res.ok) return `Joining failed (${res.status}).`;
    const pass = (await res.json()) as GuestPass;
    this.storage.setItem(PASS_KEY, JSON.stringify(pass));
    return pass;
  }
}

/** The public catalogue, as any guest sees it. */
export const catalogue = {
  home: () => get<HomeResponse>(ApiPath.home()),
  album: (id: string) => get<AlbumResponse>(ApiPath.album(id)),
  search: (q: string) => get<SearchResponse>(ApiPath.search(q)),
  tracks: async (ids: readonly string[]) => (await get<PlaybackBatchResponse>(ApiPath.playbackBatch(ids))).tracks,
};

async function get<T>(path: string): Promise<T> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}
