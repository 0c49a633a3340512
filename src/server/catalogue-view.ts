/**
 * Store rows → protocol shapes. The only place that decides what a card or a track line shows,
 * so Home, Album and Artist stay consistent.
 */
import { normalisationGainDb, type Album, type Artwork, type Card, type PlaybackStart, type TrackSummary } from '../protocol';
import { MANIFEST_FILE, MEDIA_URL_PREFIX, PROGRESSIVE_FILE, trackMediaPath } from '../config/encore-config';
import type { InlineMedia, ManifestSource } from './manifest-cache';
import type { AlbumRow, ArtistRow, PlaylistRow, TrackRow } from '../store';

/**
 * For an artist with no album yet (the store gives null). No sizes means "draw the colour":
 * clients treat an empty `sizes` as no image.
 */
export const NO_ARTWORK: Artwork = Object.freeze({
  base: '',
  sizes: [],
  formats: [],
  color: '#2b2b2b',
}) as Artwork;

export function albumCard(row: AlbumRow): Card {
  return {
    kind: 'album',
    id: row.id,
    title: row.title,
    subtitle: row.artistName,
    artwork: row.artwork,
  };
}

export function artistCard(row: ArtistRow): Card {
  const albumCount = row.albumCount;
  return {
    kind: 'artist',
    id: row.id,
    title: row.name,
    subtitle: albumCount === 1 ? '1 album' : `${albumCount} albums`,
    artwork: row.artwork ?? NO_ARTWORK,
  };
}

export function playlistCard(row: PlaylistRow): Card {
  return {
    kind: 'playlist',
    id: row.id,
    title: row.name,
    subtitle: row.trackCount === 1 ? '1 track' : `${row.trackCount} tracks`,
    artwork: row.artwork ?? NO_ARTWORK,
  };
}

export function showCard(row: AlbumRow): Card {
  return { kind: 'show', id: row.id, title: row.title, subtitle: row.artistName, artwork: row.artwork };
}

/** The protocol's artist reference from any row that carries the artist's id and name. */
export function artistRef(row: { artistId: string; artistName: string }): { id: string; name: string } {
  return { id: row.artistId, name: row.artistName };
}

export function albumOf(row: AlbumRow): Album {
  return {
    id: row.id,
    title: row.title,
    artist: artistRef(row),
    year: row.year,
    artwork: row.artwork,
    trackCount: row.trackCount,
    durationMs: row.durationMs,
  };
}

/**
 * A track line. With `manifests`, it carries what the player needs to start it (the manifest and
 * the start rung's init segment inlined), so Enter on it costs no playback-info, manifest or init
 * request.
 */
export function trackSummary(row: TrackRow, manifests?: ManifestSource): TrackSummary {
  const summary: TrackSummary = {
    id: row.id,
    title: row.title,
    artist: artistRef(row),
    albumId: row.albumId,
    disc: row.disc,
    number: row.number,
    durationMs: row.durationMs,
  };
  // The top rung: where a start begins (ManifestSource).
  if (manifests) summary.playback = playbackStart(row, manifests(row.contentHash, row.ladder.length - 1));
  if (row.longForm) summary.longForm = row.longForm;
  return summary;
}

export function playbackStart(row: TrackRow, inline?: InlineMedia): PlaybackStart {
  const media = `${MEDIA_URL_PREFIX}/${trackMediaPath(row.contentHash)}`;
  const start: PlaybackStart = {
    manifestUrl: `${media}/${MANIFEST_FILE}`,
    progressiveUrl: `${media}/${PROGRESSIVE_FILE}`,
    progressiveMimeType: 'audio/mp4',
    gainDb: normalisationGainDb(row.integratedLufs, row.truePeakDbtp),
    ladder: row.ladder,
    durationMs: row.durationMs,
  };
  if (inline) start.manifest = inline.manifest;
  if (inline?.init) start.init = inline.init;
  if (row.packaging) start.packaging = row.packaging;
  if (row.gapless) start.gapless = true;
  return start;
}

/** Disc, then track number: the store promises it, but a replacement store might not. */
export function byDiscAndNumber(a: TrackRow, b: TrackRow): number {
  return a.disc - b.disc || a.number - b.number;
}
