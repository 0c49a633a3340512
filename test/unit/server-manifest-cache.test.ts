/**
 * ManifestCache: reads a track's manifest once from the media dir and keeps it (the folders are
 * content-addressed, so a manifest never changes), bounded; a missing one is simply not inlined.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, trackMediaPath } from '../../src/config/encore-config';
import { ManifestCache } from '../../src/server/manifest-cache';

const mediaDir = mkdtempSync(path.join(os.tmpdir(), 'encore-manifests-'));
afterAll(() => rmSync(mediaDir, { recursive: true, force: true }));

function writeManifest(hash: string, text: string): void {
  const dir = path.join(mediaDir, trackMediaPath(hash));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MANIFEST_FILE), text);
}

describe('ManifestCache', () => {
  it('reads once, serves from memory after, forgets the least recently used, and says undefined for none', () => {
    const cache = new ManifestCache(mediaDir, 2);
    writeManifest('a', '<MPD a/>');
    writeManifest('b', '<MPD b/>');
    writeManifest('c', '<MPD c/>');
    expect(cache.start('a', 2)?.manifest).toBe('<MPD a/>');
    // Served from memory: the file changing underneath (it never does) is not seen.
    writeManifest('a', '<MPD changed/>');
    expect(cache.start('a', 2)?.manifest).toBe('<MPD a/>');
    expect(cache.start('b', 2)?.manifest).toBe('<MPD b/>');
    expect(cache.start('a', 2)?.manifest).toBe('<MPD a/>'); // a is now the most recent
    expect(cache.start('c', 2)?.manifest).toBe('<MPD c/>'); // evicts b
    writeManifest('b', '<MPD b2/>');
    expect(cache.start('b', 2)?.manifest).toBe('<MPD b2/>');
    expect(cache.start('missing', 2)).toBeUndefined();
  });
});
