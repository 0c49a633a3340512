import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** sha256 of a file's bytes, streamed so a 2 GB WAV costs no more memory than a 3 MB MP3. */
export async function hashFile(filePath: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(filePath, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}
