/**
 * Store rows → protocol shapes. The only place that decides what a card or a track line shows,
 * so Home, Album and Artist stay consistent.
 */
import type { Album, Artwork, Card, TrackSummary } from '../protocol';
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

export function trackSummary(row: TrackRow): TrackSummary {
  return {
    id: row.id,
    title: row.title,
    artist: artistRef(row),
    albumId: row.albumId,
    disc: row.disc,
    number: row.number,
    durationMs: row.durationMs,
  };
}

/** Disc, then track number: the store promises it, but a replacement store might not. */
export function byDiscAndNumber(a: TrackRow, b: TrackRow): number {
  return a.disc - b.disc || a.number - b.number;
}
