/**
 * Crash-safe publication of media folders. A track's or a cover's files are written into
 * `<mediaDir>/.tmp/<pid>-<random>/`, flushed, then renamed into place in one step, and only then
 * does the ingest commit the DB row. So after a SIGKILL or power cut:
 *   - a DB row never points at a missing or half-written folder (rows come after renames);
 *   - a renamed folder without a row is harmless: it is content-addressed, and the next run
 *     reuses it instead of transcoding again;
 *   - leftovers in .tmp belong to a dead process and are swept by the next run.
 * rename(2) is atomic within one filesystem, which is why .tmp lives inside mediaDir.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const TMP_DIR = '.tmp';
/** A temp folder older than this is stale even if its pid was reused by another process. */
const STALE_AFTER_MS = 6 * 3600 * 1000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function fsyncPath(p: string, flags: 'r' = 'r'): Promise<void> {
  const handle = await fs.open(p, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class MediaStaging {
  readonly tmpRoot: string;

  constructor(
    readonly mediaDir: string,
    /** fsync every file before the rename; off only for throw-away test libraries. */
    private readonly durable = true,
  ) {
    this.tmpRoot = path.join(mediaDir, TMP_DIR);
  }

  /** Removes temp folders of dead processes. Returns how many were removed. */
  async sweep(now = Date.now()): Promise<number> {
    let entries: string[];
    try {
      entries = await fs.readdir(this.tmpRoot);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of entries) {
      const full = path.join(this.tmpRoot, name);
      const pid = Number(name.split('-')[0]);
      const stat = await fs.stat(full).catch(() => null);
      const old = stat !== null && now - stat.mtimeMs > STALE_AFTER_MS;
      const orphan = !Number.isInteger(pid) || pid === process.pid || !isAlive(pid);
      if (orphan || old) {
        await fs.rm(full, { recursive: true, force: true });
        removed++;
      }
    }
    return removed;
  }

  async createTempDir(): Promise<string> {
    const dir = this.tempName();
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }

  async discard(tmpDir: string): Promise<void> {
    await fs.rm(tmpDir, { recursive: true, force: true });
  }

  /**
   * Moves `tmpDir` to `<mediaDir>/<relTarget>`. If the target already exists it holds the same
   * content (folders are content-addressed), so it is kept and the temp copy dropped.
   */
  async commit(tmpDir: string, relTarget: string): Promise<'moved' | 'existing'> {
    const target = path.join(this.mediaDir, relTarget);
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (this.durable) {
      const names = await fs.readdir(tmpDir);
      await Promise.all(names.map((n) => fsyncPath(path.join(tmpDir, n))));
      await fsyncPath(tmpDir);
    }
    try {
      await fs.rename(tmpDir, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      await this.discard(tmpDir);
      return 'existing';
    }
    if (this.durable) await fsyncPath(path.dirname(target));
    return 'moved';
  }

  private tempName(): string {
    return path.join(this.tmpRoot, `${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
  }

  /** Replaces an existing folder (e.g. written by an older pipeline version). */
  async replace(tmpDir: string, relTarget: string): Promise<void> {
    const target = path.join(this.mediaDir, relTarget);
    await fs.mkdir(this.tmpRoot, { recursive: true });
    const trash = this.tempName();
    await fs.rename(target, trash).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await this.commit(tmpDir, relTarget);
    await fs.rm(trash, { recursive: true, force: true });
  }
}
