/**
 * Which files are long-form audio (podcast episodes, audiobook chapters) rather than music.
 *
 * The rule, in order:
 *   1. a genre tag (any of the file's genres), compared case-insensitively after trimming:
 *      "Podcast"/"Podcasts" → podcast; "Audiobook"/"Audiobooks"/"Audio Book"/"Audio Books" → audiobook;
 *   2. else a folder on the way from the ingest root to the file named "Podcasts" or "Audiobooks"
 *      (case-insensitive): `Podcasts/<Show>/<episode>.mp3`, `Audiobooks/<Author>/<Book>/01.m4b`;
 *   3. else music.
 * A long-form file's album is its show (or book); its date tag is the episode's date and its
 * description (or first comment) the episode's description.
 */
import path from 'node:path';
import type { EpisodeMeta, LongFormKind } from '../store';

// Maps, not object literals: a genre or folder named "constructor" must not find Object's.
const GENRES = new Map<string, LongFormKind>([
  ['podcast', 'podcast'],
  ['podcasts', 'podcast'],
  ['audiobook', 'audiobook'],
  ['audiobooks', 'audiobook'],
  ['audio book', 'audiobook'],
  ['audio books', 'audiobook'],
]);
const FOLDERS = new Map<string, LongFormKind>([
  ['podcasts', 'podcast'],
  ['audiobooks', 'audiobook'],
]);

/** Longest description kept: a TV shows a few lines; show notes can run to pages. */
export const DESCRIPTION_MAX_CHARS = 2000;

export interface LongFormTags {
  genres: readonly string[];
  /** The date tag as found ("2024", "2024-03-05", "2024-03-05T10:00:00Z"). */
  date: string | null;
  description: string | null;
}

export function longFormKind(genres: readonly string[], relPath: string): LongFormKind | null {
  for (const g of genres) {
    const kind = GENRES.get(g.trim().toLowerCase());
    if (kind) return kind;
  }
  const folders = path.dirname(relPath).split(/[\\/]/);
  for (const f of folders) {
    const kind = FOLDERS.get(f.toLowerCase());
    if (kind) return kind;
  }
  return null;
}

/** A date tag → ms since epoch (UTC); null when it is not a date. */
export function publishedAt(date: string | null): number | null {
  if (!date) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date.trim());
  if (!m) return null;
  const full = Date.parse(date.trim());
  if (Number.isFinite(full) && date.trim().length > 10) return full;
  const ms = Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1);
  return Number.isFinite(ms) ? ms : null;
}

/** The episode metadata for a file, or null when it is music. */
export function classifyLongForm(tags: LongFormTags, relPath: string): EpisodeMeta | null {
  const kind = longFormKind(tags.genres, relPath);
  if (!kind) return null;
  const description = (tags.description ?? '').replace(/\s+/g, ' ').trim();
  return {
    kind,
    publishedAt: publishedAt(tags.date),
    description: [...description].slice(0, DESCRIPTION_MAX_CHARS).join(''),
  };
}
