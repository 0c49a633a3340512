/**
 * ManifestCache: reads a track's manifest (and its start rung's init segment) from the media dir
 * and keeps it, bounded; a missing one is simply not inlined. A kept one looks at its file again
 * at most every `recheckMs`: a track folder an ingest replaced under the same content hash (after
 * a pipeline version bump) is inlined afresh, through the ingest's own MediaStaging in a real
 * temp folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initSegmentFile, MANIFEST_FILE, trackMediaPath } from '../../src/config/encore-config';
import { MediaStaging } from '../../src/ingest/media-staging';
import { ManifestCache } from '../../src/server/manifest-cache';

const mediaDir = mkdtempSync(path.join(os.tmpdir(), 'encore-manifests-'));
afterAll(() => rmSync(mediaDir, { recursive: true, force: true }));

function writeManifest(hash: string, text: string): void {
  const dir = path.join(mediaDir, trackMediaPath(hash));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MANIFEST_FILE), text);
}

const RECHECK_MS = 2000;

/** A cache on a clock the test moves. */
function cacheAt(capacity = 16) {
  const clock = { ms: 0 };
  return { cache: new ManifestCache(mediaDir, { capacity, recheckMs: RECHECK_MS, now: () => clock.ms }), clock };
}

describe('ManifestCache', () => {
  it('reads once, serves from memory after, forgets the least recently used, and says undefined for none', () => {
    const { cache } = cacheAt(2);
    writeManifest('a', '<MPD a/>');
    writeManifest('b', '<MPD b/>');
    writeManifest('c', '<MPD c/>');
    expect(cache.start('a', 2)?.manifest).toBe('<MPD a/>');
    // Served from memory: the file changing underneath is not seen before its recheck.
    writeManifest('a', '<MPD changed/>');
    expect(cache.start('a', 2)?.manifest).toBe('<MPD a/>');
    expect(cache.start('b', 2)?.manifest).toBe('<MPD b/>');
    expect(cache.start('a', 2)?.manifest).toBe('<MPD a/>'); // a is now the most recent
    expect(cache.start('c', 2)?.manifest).toBe('<MPD c/>'); // evicts b
    writeManifest('b', '<MPD b2/>');
    expect(cache.start('b', 2)?.manifest).toBe('<MPD b2/>');
    expect(cache.start('missing', 2)).toBeUndefined();
  });

  it('a track folder the ingest replaces under the same hash is inlined afresh, init too, once its recheck is due', async () => {
    const { cache, clock } = cacheAt();
    const manifest = (version: number) => `<MPD v="${version}"><Representation id="2" bandwidth="1"></Representation></MPD>`;
    const staging = new MediaStaging(mediaDir, false);
    const publish = async (version: number, replace: boolean) => {
      const tmp = await staging.createTempDir();
      writeFileSync(path.join(tmp, MANIFEST_FILE), manifest(version));
      writeFileSync(path.join(tmp, initSegmentFile(2)), Buffer.from([version, version]));
      if (replace) await staging.replace(tmp, trackMediaPath('h'));
      else await staging.commit(tmp, trackMediaPath('h'));
    };
    await publish(1, false);
    const first = cache.start('h', 2)!;
    expect(first).toEqual({ manifest: manifest(1), init: { representation: '2', data: Buffer.from([1, 1]).toString('base64') } });

    // Unchanged past its recheck: the same entry (one stat, no read).
    clock.ms += RECHECK_MS;
    expect(cache.start('h', 2)).toBe(first);

    // Re-ingested (a pipeline version bump): same hash, same manifest size, a new folder.
    await publish(2, true);
    clock.ms += RECHECK_MS - 1;
    expect(cache.start('h', 2)).toBe(first);
    clock.ms += 1;
    expect(cache.start('h', 2)).toEqual({ manifest: manifest(2), init: { representation: '2', data: Buffer.from([2, 2]).toString('base64') } });

    // Gone (pruned): no longer inlined.
    rmSync(path.join(mediaDir, trackMediaPath('h')), { recursive: true });
    clock.ms += RECHECK_MS;
    expect(cache.start('h', 2)).toBeUndefined();
  });
});
