/**
 * Tags with a fallback for every field, because real libraries are half-tagged: the folder
 * layout Artist/Album/NN Title.ext (optionally Artist/Album/CD2/…) fills what the tags lack.
 * Strings are kept as found (only id derivation folds Unicode), except that control characters
 * become spaces and every string is bounded (`boundText`): a tag can hold megabytes, and the
 * full value is never stored or sent. Comments and lyrics are not read at all.
 */
import path from 'node:path';
import { parseFile, selectCover } from 'music-metadata';
import { boundText } from '../protocol';

export interface TrackTags {
  title: string;
  /** Album artist when tagged, so a compilation stays one album. */
  artist: string;
  album: string;
  year: number | null;
  /** The first genre tag, trimmed; null when untagged. */
  genre: string | null;
  disc: number;
  number: number;
  picture: { data: Uint8Array; format: string } | null;
  /** From the container header; may be missing or wrong for a broken file. */
  durationSec: number | null;
  /** Set when the file's tags could not be parsed at all (ffmpeg has the last word on audio). */
  tagError: string | null;
  /** For long-form classification (classify-long-form.ts). */
  genres: string[];
  date: string | null;
  description: string | null;
  /** iTunes' gapless flag (MP4 pgap, ID3 iTunPGAP), or a Vorbis comment GAPLESS / ITUNESGAPLESS = 1. */
  gapless: boolean;
}

export const UNKNOWN_ARTIST = 'Unknown Artist';
export const UNKNOWN_ALBUM = 'Unknown Album';
export const UNTITLED = 'Untitled';

const DISC_DIR = /^(?:cd|dis[ck])[\s_-]*(\d{1,2})$/i;
// "01 Title", "01. Title", "01 - Title", "1-01 Title" (disc-track); a bare "1979" is a title.
const NUMBERED_NAME = /^(?:(\d{1,2})[-.])?(\d{1,3})(?:\s*[-._)]\s*|\s+)(\S.*)$/;

// C0/C1 controls and line/paragraph separators: a one-line label has no use for a newline or a
// bell, and a terminal printing them would act on them. Bidi marks stay: RTL titles need them.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** A tag or path string as it is stored: controls as spaces, trimmed, bounded. */
export function displayText(raw: string): string {
  return boundText(raw.slice(0, 4 * 1024).replace(CONTROL_CHARS, ' ').trim());
}

/** The first candidate that is still text once cleaned. */
const firstText = (...candidates: (string | undefined | null)[]): string | undefined =>
  candidates.map((c) => (typeof c === 'string' ? displayText(c) : '')).find((c) => c !== '');
const positive = (n: number | null | undefined): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n > 0;

export function tagsFromPath(filePath: string, root: string) {
  const parts = path.relative(root, filePath).split(path.sep);
  const base = path.basename(parts.pop()!, path.extname(filePath));
  let disc: number | null = null;
  const last = parts[parts.length - 1];
  const discMatch = last === undefined ? null : DISC_DIR.exec(last);
  if (discMatch) {
    disc = Number(discMatch[1]);
    parts.pop();
  }
  const m = NUMBERED_NAME.exec(base);
  return {
    title: m ? m[3]! : base,
    number: m ? Number(m[2]) : null,
    disc: disc ?? (m?.[1] ? Number(m[1]) : null),
    album: parts[parts.length - 1] ?? null,
    artist: parts[parts.length - 2] ?? null,
  };
}

export async function readTrackTags(filePath: string, root: string): Promise<TrackTags> {
  const fallback = tagsFromPath(filePath, root);
  let common: Awaited<ReturnType<typeof parseFile>>['common'] | undefined;
  let native: Awaited<ReturnType<typeof parseFile>>['native'] = {};
  let durationSec: number | null = null;
  let tagError: string | null = null;
  try {
    const meta = await parseFile(filePath, { duration: false, skipCovers: false });
    common = meta.common;
    native = meta.native;
    durationSec = meta.format.duration ?? null;
  } catch (err) {
    tagError = (err as Error).message;
  }
  const cover = common?.picture ? selectCover(common.picture) : null;
  return {
    title: firstText(common?.title, fallback.title, path.basename(filePath)) ?? UNTITLED,
    artist:
      firstText(common?.albumartist, common?.artist, common?.artists?.join(', '), fallback.artist) ?? UNKNOWN_ARTIST,
    album: firstText(common?.album, fallback.album) ?? UNKNOWN_ALBUM,
    year: positive(common?.year) ? common.year : null,
    genre: firstText(...(common?.genre ?? []))?.slice(0, 100) ?? null,
    disc: [common?.disk.no, fallback.disc].find(positive) ?? 1,
    number: [common?.track.no, fallback.number].find(positive) ?? 0,
    picture: cover && cover.data.length > 0 ? { data: cover.data, format: cover.format } : null,
    durationSec,
    tagError,
    genres: (common?.genre ?? []).slice(0, 16).map(displayText),
    date: firstText(common?.date) ?? null,
    // Show notes run longer than a title: bounded by classify-long-form.ts, controls removed here.
    description:
      [common?.description?.[0], common?.comment?.[0]?.text]
        .map((c) => (typeof c === 'string' ? c.slice(0, 8 * 1024).replace(CONTROL_CHARS, ' ').trim() : ''))
        .find((c) => c !== '') ?? null,
    gapless: common?.gapless === true || hasVorbisGapless(native),
  };
}

/** music-metadata maps iTunes' flag to `common.gapless` but has no Vorbis comment for it. */
function hasVorbisGapless(native: Record<string, Array<{ id: string; value: unknown }>>): boolean {
  return Object.values(native).some((tags) =>
    tags.some((t) => /^(ITUNES)?GAPLESS$/i.test(t.id) && String(t.value).trim() === '1'),
  );
}
