import type { Dirent, Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** What music-metadata can tag-read and Debian's ffmpeg can decode. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.mp3', '.flac', '.m4a', '.aac', '.mp4', '.ogg', '.oga', '.opus', '.wav',
]);

export interface WalkNote {
  path: string;
  reason: string;
}

export interface WalkResult {
  /** Absolute paths, sorted by their relative path so runs are deterministic. */
  files: string[];
  /** Sub-folders and links that could not be read; the walk goes on without them. */
  unreadable: WalkNote[];
  /**
   * Entries left out on purpose, each with why: named pipes, sockets and devices (reading one
   * blocks or never ends), links that loop, and folders reached a second time through a link.
   */
  skipped: WalkNote[];
}

/** Dirent and Stats answer the same questions; a link is judged by what it points at. */
type EntryKind = Pick<Dirent | Stats, 'isFile' | 'isDirectory' | 'isFIFO' | 'isSocket' | 'isBlockDevice' | 'isCharacterDevice'>;

function specialFileReason(kind: EntryKind): string | null {
  if (kind.isFIFO()) return 'named pipe (FIFO), not a regular file';
  if (kind.isSocket()) return 'socket, not a regular file';
  if (kind.isBlockDevice() || kind.isCharacterDevice()) return 'device file, not a regular file';
  return null;
}

const isAudioName = (name: string) => AUDIO_EXTENSIONS.has(path.extname(name).toLowerCase());
const folderKey = (s: Stats) => `${s.dev}:${s.ino}`;

/**
 * Lists audio files under `root`. Throws only when `root` itself cannot be read: a bad
 * sub-folder is reported and skipped, like a bad file. Hidden entries (".tmp", ".DS_Store") are
 * skipped silently.
 *
 * Symlinked folders are followed (an artist folder on another disk is a common layout), after
 * the real tree: a folder is walked once, by device and inode, so the real path wins over a link
 * to it and a link back to an ancestor ends the walk there instead of looping. Both are reported.
 */
export async function walkAudioFiles(root: string): Promise<WalkResult> {
  const files: string[] = [];
  const unreadable: WalkNote[] = [];
  const skipped: WalkNote[] = [];
  const rootStat = await fs.stat(root);
  const rootEntries = await fs.readdir(root, { withFileTypes: true });
  /** Folder identity → the path it was first walked at. */
  const walked = new Map<string, string>([[folderKey(rootStat), root]]);
  const linkedFolders: { path: string; stat: Stats }[] = [];

  const enterLinkedFolder = async (full: string, stat: Stats) => {
    const first = walked.get(folderKey(stat));
    if (first !== undefined) {
      const loops = full.startsWith(`${first}${path.sep}`);
      skipped.push({
        path: full,
        reason: loops
          ? `link loops back to its own ancestor folder ${first}`
          : `link to a folder already walked at ${first}`,
      });
      return;
    }
    walked.set(folderKey(stat), full);
    await visitFolder(full);
  };

  const visitFolder = async (dir: string, known?: Dirent[]) => {
    let entries = known;
    if (!entries) {
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        unreadable.push({ path: dir, reason: (err as Error).message });
        return;
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      let kind: EntryKind = entry;
      if (entry.isSymbolicLink()) {
        const target = await fs.stat(full).catch((err: NodeJS.ErrnoException) => err);
        if (target instanceof Error) {
          if (target.code === 'ELOOP') {
            skipped.push({ path: full, reason: 'link loops (ELOOP): it resolves to itself' });
          } else {
            // Reported, not skipped silently: a link whose target is offline (a NAS, a drive).
            unreadable.push({ path: full, reason: `link target unavailable (${target.code ?? target.message})` });
          }
          continue;
        }
        if (target.isDirectory()) {
          linkedFolders.push({ path: full, stat: target });
          continue;
        }
        kind = target;
      }
      if (kind.isDirectory()) {
        // A bind mount or a hard-linked folder can still come round again: same rule as links.
        const stat = await fs.lstat(full).catch(() => null);
        if (stat && walked.has(folderKey(stat))) {
          skipped.push({ path: full, reason: `same folder as ${walked.get(folderKey(stat))}, already walked` });
          continue;
        }
        if (stat) walked.set(folderKey(stat), full);
        await visitFolder(full);
        continue;
      }
      const special = specialFileReason(kind);
      if (special) skipped.push({ path: full, reason: special });
      else if (kind.isFile() && isAudioName(entry.name)) files.push(full);
    }
  };

  await visitFolder(root, rootEntries);
  // Links last, so every folder inside the real tree is claimed by its real path first; a
  // linked folder may hold further links, which join the end of the queue.
  for (let i = 0; i < linkedFolders.length; i++) {
    await enterLinkedFolder(linkedFolders[i]!.path, linkedFolders[i]!.stat);
  }
  const rel = (f: string) => path.relative(root, f);
  files.sort((a, b) => (rel(a) < rel(b) ? -1 : rel(a) > rel(b) ? 1 : 0));
  const byPath = (a: WalkNote, b: WalkNote) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files, unreadable: unreadable.sort(byPath), skipped: skipped.sort(byPath) };
}
