/**
 * Long-form audio: shows (podcasts, audiobooks) and where each profile stopped in an episode.
 * A show is a catalogue album whose tracks the ingest classified as long-form
 * (ingest/classify-long-form.ts); its episodes are those tracks, so playback, media and removal
 * are the catalogue's.
 *
 * Contract: async; `setEpisode` is written by the ingest right after the track's row; positions
 * are one row per profile and track, written whole (last write wins: a device reports where it
 * is now), and `played` never goes back to false by itself (listening again from the start keeps
 * the mark, as podcast apps do). Crash safety: each call is one statement or transaction.
 */
import type { AlbumRow, LongFormKind, TrackRow } from './catalogue-store';

export type { LongFormKind };

export interface EpisodeMeta {
  kind: LongFormKind;
  publishedAt: number | null;
  description: string;
}

export interface EpisodeRow {
  track: TrackRow;
  publishedAt: number | null;
  description: string;
  /** The profile's position (0 for a guest or never started) and played mark. */
  positionMs: number;
  played: boolean;
}

export interface ShowRow {
  album: AlbumRow;
  kind: LongFormKind;
}

export interface PositionRow {
  trackId: string;
  positionMs: number;
  played: boolean;
  updatedAt: number;
}

export interface ShowStore {
  /** Marks the track as an episode of its album (show), or as music again (null). */
  setEpisode(trackId: string, showId: string, meta: EpisodeMeta | null): Promise<void>;
  /** The show and its episodes newest first (undated last, then by track order), with the profile's marks. */
  show(showId: string, profileId: string | null): Promise<{ show: ShowRow; episodes: EpisodeRow[] } | undefined>;
  /** Every show, newest addition first. */
  shows(limit: number): Promise<ShowRow[]>;
  /** Whether a track is long-form (the player offers resume and 15/30 s skips). */
  episodeKind(trackId: string): Promise<LongFormKind | null>;
  /** Undefined (nothing written) for an unknown track. */
  savePosition(profileId: string, trackId: string, positionMs: number, now: number): Promise<PositionRow | undefined>;
  position(profileId: string, trackId: string): Promise<PositionRow | undefined>;
}
