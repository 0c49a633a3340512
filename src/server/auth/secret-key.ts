/**
 * The key access tokens are signed with: 32 random bytes in `<data dir>/auth-secret.key`, made on
 * first start. Crash safety: written to a temporary file with mode 0600, fsynced, then renamed
 * into place (atomic within one directory), so a crash leaves either no key or a whole one, never
 * a torn key that would sign tokens nobody can check. Losing the file only signs everyone's
 * access tokens out for ≤ 15 min: refresh tokens are in the database and still work.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const KEY_BYTES = 32;

export function loadOrCreateSecret(file: string): Uint8Array {
  try {
    const key = fs.readFileSync(file);
    if (key.length === KEY_BYTES) return new Uint8Array(key);
    throw new Error(`${file} is ${key.length} bytes, expected ${KEY_BYTES}: remove it to make a new key`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const key = randomBytes(KEY_BYTES);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, key);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    // link, not rename: if another process made the key meanwhile, theirs wins and we read it.
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return new Uint8Array(fs.readFileSync(file));
}
