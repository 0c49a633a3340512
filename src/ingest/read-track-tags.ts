/**
 * Tags with a fallback for every field, because real libraries are half-tagged: the folder
 * layout Artist/Album/NN Title.ext (optionally Artist/Album/CD2/…) fills what the tags lack.
 * Strings are kept exactly as found; only id derivation folds Unicode.
 */
import path from 'node:path';
import { parseFile, selectCover } from 'music-metadata';

export interface TrackTags {
  title: string;
  /** Album artist when tagged, so a compilation stays one album. */
  artist: string;
  album: string;
  year: number | null;
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
}

export const UNKNOWN_ARTIST = 'Unknown Artist';
export const UNKNOWN_ALBUM = 'Unknown Album';

const DISC_DIR = /^(?:cd|dis[ck])[\s_-]*(\d{1,2})$/i;
// "01 Title", "01. Title", "01 - Title", "1-01 Title" (disc-track); a bare "1979" is a title.
const NUMBERED_NAME = /^(?:(\d{1,2})[-.])?(\d{1,3})(?:\s*[-._)]\s*|\s+)(\S.*)$/;

const present = (s: string | undefined | null): s is string => typeof s === 'string' && s.trim() !== '';
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
  let durationSec: number | null = null;
  let tagError: string | null = null;
  try {
    const meta = await parseFile(filePath, { duration: false, skipCovers: false });
    common = meta.common;
    durationSec = meta.format.duration ?? null;
  } catch (err) {
    tagError = (err as Error).message;
  }
  const cover = common?.picture ? selectCover(common.picture) : null;
  const artist = [common?.albumartist, common?.artist, common?.artists?.join(', ')].find(present);
  return {
    title: [common?.title, fallback.title].find(present) ?? path.basename(filePath),
    artist: artist ?? fallback.artist ?? UNKNOWN_ARTIST,
    album: [common?.album, fallback.album].find(present) ?? UNKNOWN_ALBUM,
    year: positive(common?.year) ? common.year : null,
    disc: [common?.disk.no, fallback.disc].find(positive) ?? 1,
    number: [common?.track.no, fallback.number].find(positive) ?? 0,
    picture: cover && cover.data.length > 0 ? { data: cover.data, format: cover.format } : null,
    durationSec,
    tagError,
    genres: common?.genre ?? [],
    date: common?.date ?? null,
    description: [common?.description?.[0], common?.comment?.[0]?.text].find(present) ?? null,
  };
}
