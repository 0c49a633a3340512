/**
 * Which ffmpeg the ingest runs. The system build is preferred: Debian's 5.1 is newer than the
 * static binary bundled by @ffmpeg-installer (a 2018 build) and gets security updates. The
 * bundled one keeps `npm ci` machines without apt working.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

let resolved: string | undefined;

export function resolveFfmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ENCORE_FFMPEG) return env.ENCORE_FFMPEG;
  if (resolved) return resolved;
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of ['/usr/bin', '/usr/local/bin', ...dirs]) {
    const candidate = path.join(dir, 'ffmpeg');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      resolved = candidate;
      return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  const require = createRequire(import.meta.url);
  const installer = require('@ffmpeg-installer/ffmpeg') as { path: string };
  resolved = installer.path;
  return resolved;
}
