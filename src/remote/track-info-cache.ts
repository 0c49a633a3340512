/**
 * What a queued track is, for the phone pages (remote and party): titles the page has seen while
 * browsing are remembered, and a track the TV's queue names that the page has not seen is fetched
 * once (`onLearned` then redraws). A failed fetch is forgotten so the next draw asks again.
 */
import type { Artwork, PlaybackResponse, TrackSummary } from '../protocol';

export interface TrackInfo {
  title: string;
  artist: string;
  artwork: Artwork | null;
  durationS: number;
}

export class TrackInfoCache {
  private readonly tracks = new Map<string, TrackInfo>();
  private readonly asked = new Set<string>();

  constructor(
    private readonly fetchTrack: (trackId: string) => Promise<PlaybackResponse>,
    private readonly onLearned: () => void,
  ) {}

  remember(t: TrackSummary, artwork: Artwork | null): void {
    if (!this.tracks.has(t.id)) this.tracks.set(t.id, { title: t.title, artist: t.artist.name, artwork, durationS: t.durationMs / 1000 });
  }

  /** Known now, or null (then fetched once, in the background). */
  info(trackId: string): TrackInfo | null {
    const known = this.tracks.get(trackId);
    if (known || this.asked.has(trackId)) return known ?? null;
    this.asked.add(trackId);
    this.fetchTrack(trackId)
      .then((p) => {
        this.tracks.set(trackId, { title: p.title, artist: p.artist.name, artwork: p.artwork, durationS: p.durationMs / 1000 });
        this.onLearned();
      })
      .catch(() => this.asked.delete(trackId));
    return null;
  }
}
