/**
 * What a queued track is, for the phone pages (remote and party): titles the page has seen while
 * browsing are remembered, and the tracks the TV's queue names that the page has not seen are
 * fetched together, PLAYBACK_BATCH_MAX per call, after the draw that asked (a 200-item queue is two
 * calls and one redraw each, not 200). A failed fetch is forgotten so the next draw asks again.
 */
import { playbackBatches, type Artwork, type PlaybackResponse, type TrackSummary } from '../protocol';

export interface TrackInfo {
  title: string;
  artist: string;
  artwork: Artwork | null;
  durationS: number;
}

export class TrackInfoCache {
  private readonly tracks = new Map<string, TrackInfo>();
  private readonly asked = new Set<string>();
  private wanted: string[] = [];

  constructor(
    private readonly fetchTracks: (trackIds: string[]) => Promise<PlaybackResponse[]>,
    private readonly onLearned: () => void,
    private readonly missRetryMs = 60_000,
  ) {}

  remember(t: TrackSummary, artwork: Artwork | null): void {
    if (!this.tracks.has(t.id)) this.tracks.set(t.id, { title: t.title, artist: t.artist.name, artwork, durationS: t.durationMs / 1000 });
  }

  /** Known now, or null (then fetched in the background with the others this draw asked for). */
  info(trackId: string): TrackInfo | null {
    const known = this.tracks.get(trackId);
    if (known || this.asked.has(trackId)) return known ?? null;
    this.asked.add(trackId);
    if (this.wanted.push(trackId) === 1) setTimeout(() => this.fetchWanted(), 0);
    return null;
  }

  private fetchWanted(): void {
    const ids = this.wanted;
    this.wanted = [];
    for (const batch of playbackBatches(ids)) {
      const forget = () => {
        for (const id of batch) if (!this.tracks.has(id)) this.asked.delete(id);
      };
      this.fetchTracks(batch)
        .then((found) => {
          for (const p of found) this.tracks.set(p.trackId, { title: p.title, artist: p.artist.name, artwork: p.artwork, durationS: p.durationMs / 1000 });
          // A track the BFF does not know yet (an ingest running) is asked again later, not on every draw.
          if (found.length < batch.length) setTimeout(forget, this.missRetryMs);
          this.onLearned();
        })
        .catch(forget);
    }
  }
}
