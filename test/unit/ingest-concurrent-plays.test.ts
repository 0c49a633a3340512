/**
 * An ingest while the BFF records plays into the same SQLite file, from another process: no
 * track may be lost to "database is locked". (A deferred transaction that reads and then writes
 * gets SQLITE_BUSY at once, without waiting, when the other process committed in between; the
 * bench lost 2 of 240 tracks that way at 200 plays/s.)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFolder } from '../../src/ingest/ingest-folder';
import { openSqliteStores, type CatalogueStore, type SqliteStores } from '../../src/store';
import { makeTone } from './support/make-audio';

const COPIES = 200;

/** Another process inserting plays as fast as SQLite lets it until told to stop; resolves with the count. */
function playWriter(dbPath: string, trackId: string) {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare('INSERT INTO plays (track_id, at_ms) VALUES (?, ?)');
    let n = 0, stop = false;
    process.on('message', () => { stop = true; });
    const burst = () => {
      for (let i = 0; i < 50; i++) { insert.run(process.argv[2], Date.now()); n++; }
      if (stop) { process.send(n); process.disconnect(); db.close(); } else setImmediate(burst);
    };
    process.send('ready');
    burst();`;
  const child = spawn(process.execPath, ['-e', script, dbPath, trackId], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
  const stop = () =>
    new Promise<number>((resolve) => {
      child.once('message', (n) => resolve(n as number));
      child.send('stop');
    });
  return { ready, stop };
}

describe('ingest beside a process recording plays', () => {
  let tmp: string;
  let root: string;
  let stores: SqliteStores;
  let store: CatalogueStore;
  const dbPath = () => path.join(tmp, 'data', 'encore.db');
  const mediaDir = () => path.join(tmp, 'data', 'media');

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'encore-concurrent-'));
    root = path.join(tmp, 'library');
    const first = path.join(root, 'Copy 000', '01 Tone.flac');
    makeTone(first, { seconds: 1, tags: { artist: 'Tone', album: 'Copies', title: 'Tone' } });
    stores = openSqliteStores(dbPath());
    store = stores.catalogue;
    await ingestFolder({ root, store, mediaDir: mediaDir(), concurrency: 2, durable: false });
    // Hard links: each is a track of its own (ids come from the path) reusing the one transcode.
    for (let c = 1; c <= COPIES; c++) {
      const to = path.join(root, `Copy ${String(c).padStart(3, '0')}`, '01 Tone.flac');
      fs.mkdirSync(path.dirname(to));
      fs.linkSync(first, to);
    }
  }, 120_000);

  afterAll(async () => {
    await stores?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('commits every track while plays are written, and loses no play', async () => {
    const trackId = (await store.sourceRecord(path.join(root, 'Copy 000', '01 Tone.flac')))!.trackId;
    const writer = playWriter(dbPath(), trackId);
    await writer.ready;
    const summary = await ingestFolder({ root, store, mediaDir: mediaDir(), concurrency: 2, durable: false });
    const written = await writer.stop();
    expect(summary.failed).toEqual([]);
    expect(summary.ingested).toBe(COPIES);
    expect((await store.trackCount())).toBe(COPIES + 1);
    expect(written).toBeGreaterThan(0);
    expect((stores.database.sqlite.prepare('SELECT count(*) AS n FROM plays').get() as { n: number }).n).toBe(written);
  });
});
