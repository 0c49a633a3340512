/**
 * Protocol tracks → the player's queue items, in one place, so every list that plays (album,
 * artist, search, the context menu) carries the same fields: the ids Now Playing links to, the
 * album title, the cover, the inlined start (PlaybackStart) where the screen carried one, and
 * whether it is long-form.
 */
import type { AlbumResponse, ArtistResponse, Artwork, PlaybackResponse, SearchTrack, TrackSummary } from '../protocol';
import type { PlaybackItem } from '../player/types';

export function trackItem(t: TrackSummary, album: { title?: string; artwork?: Artwork }): PlaybackItem {
  return {
    trackId: t.id,
    title: t.title,
    artist: t.artist.name,
    artistId: t.artist.id,
    albumId: t.albumId,
    ...(album.title === undefined ? {} : { albumTitle: album.title }),
    ...(album.artwork === undefined ? {} : { artwork: album.artwork }),
    durationMs: t.durationMs,
    // What the player needs to start without a playback-info call (inlined by the BFF in album
    // and artist lists; its media URLs made absolute by ApiClient).
    ...(t.playback === undefined ? {} : { playback: t.playback }),
    // An episode plays as long-form (saved position, longer seeks) from any list, not only its show.
    ...(t.longForm === undefined ? {} : { longForm: t.longForm }),
  };
}

export function albumItems({ album, tracks }: AlbumResponse): PlaybackItem[] {
  return tracks.map((t) => trackItem(t, album));
}

/** An artist's popular tracks, each with its own album's title and cover where known. */
export function artistItems({ artist, albums, topTracks }: ArtistResponse): PlaybackItem[] {
  const byId = new Map(albums.map((a) => [a.id, a]));
  return topTracks.map((t) => {
    const album = byId.get(t.albumId);
    return trackItem(t, { title: album?.title, artwork: album?.artwork ?? artist.artwork });
  });
}

export function searchTrackItem(t: SearchTrack): PlaybackItem {
  return trackItem(t, { title: t.albumTitle, artwork: t.artwork });
}

/** A track described by its playback info: what the bar and the Queue page draw, and how it plays. */
export function describedItem(p: PlaybackResponse): PlaybackItem {
  return {
    trackId: p.trackId,
    title: p.title,
    artist: p.artist.name,
    artistId: p.artist.id,
    albumId: p.albumId,
    albumTitle: p.albumTitle,
    artwork: p.artwork,
    durationMs: p.durationMs,
    ...(p.longForm === undefined ? {} : { longForm: p.longForm }),
  };
}
