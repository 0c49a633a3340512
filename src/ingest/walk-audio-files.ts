import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** What music-metadata can tag-read and Debian's ffmpeg can decode. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.mp3', '.flac', '.m4a', '.aac', '.mp4', '.ogg', '.oga', '.opus', '.wav',
]);

export interface WalkResult {
  /** Absolute paths, sorted by their relative path so runs are deterministic. */
  files: string[];
  /** Sub-folders that could not be listed; the walk goes on without them. */
  unreadable: { path: string; reason: string }[];
}

/**
 * Lists audio files under `root`. Throws only when `root` itself cannot be read: a bad
 * sub-folder is reported and skipped, like a bad file. Hidden entries (".tmp", ".DS_Store") and
 * symlinked folders are skipped; the latter can loop.
 */
export async function walkAudioFiles(root: string): Promise<WalkResult> {
  const files: string[] = [];
  const unreadable: WalkResult['unreadable'] = [];
  const rootEntries = await fs.readdir(root, { withFileTypes: true });

  const visit = async (dir: string, entries: Dirent[]) => {
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await fs.stat(full).catch((err: NodeJS.ErrnoException) => err);
        if (target instanceof Error) {
          // Reported, not skipped silently: an audio link whose target is offline (a NAS).
          if (AUDIO_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
            unreadable.push({ path: full, reason: `link target unavailable (${target.code ?? target.message})` });
          }
          continue;
        }
        isFile = target.isFile();
      }
      if (entry.isDirectory()) {
        let children;
        try {
          children = await fs.readdir(full, { withFileTypes: true });
        } catch (err) {
          unreadable.push({ path: full, reason: (err as Error).message });
          continue;
        }
        await visit(full, children);
      } else if (isFile && AUDIO_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        files.push(full);
      }
    }
  };
  await visit(root, rootEntries);
  const rel = (f: string) => path.relative(root, f);
  files.sort((a, b) => (rel(a) < rel(b) ? -1 : rel(a) > rel(b) ? 1 : 0));
  return { files, unreadable };
}
