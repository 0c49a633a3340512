/**
 * Describing a queue: what the TV (a LOAD from a phone) and the phone's queue tab fetch to name
 * their tracks. In real Chromium against the real BFF, on a generated catalogue (rows only, built
 * once into .tmp/bench-describe): a 500-track queue described with one playback-info call per
 * track (the old way; six connections per host) against the batch call (`/tracks/playback?ids=`,
 * PLAYBACK_BATCH_MAX per call, all at once), alternating, HTTP cache off.
 */
import path from 'node:path';
import { ApiPath, PLAYBACK_BATCH_MAX } from '../../src/protocol';
import { startBff } from '../e2e/support/bff';
import { freePort, launchBrowser } from '../e2e/support/browser';
import { ensureGeneratedCatalogue } from '../fixtures/search-catalogue';
import { applyNetwork, type Network } from './playback-bench';

const dataDir = path.resolve('.tmp/bench-describe');
/** A long playlist's worth, the size of a phone's LOAD (REMOTE_MAX_ITEMS). */
const QUEUE = 500;

export interface DescribeBenchResult {
  network: string;
  tracks: number;
  perTrackMs: number[];
  batchedMs: number[];
}

export async function benchDescribe(nets: readonly Network[], trials: number): Promise<DescribeBenchResult[]> {
  const ids = await ensureGeneratedCatalogue(dataDir, QUEUE / 50, (db) =>
    db.prepare<[], { id: string }>(`SELECT id FROM tracks ORDER BY rowid LIMIT ${QUEUE}`).all().map((r) => r.id),
  );
  const bff = await startBff({ dataDir, port: await freePort() });
  const launched = await launchBrowser();
  const b = launched.browser;
  const results: DescribeBenchResult[] = [];
  try {
    await b.url(`${bff.url}/health`);
    const perTrack = ids.map((id) => ApiPath.playback(id));
    const batched = Array.from({ length: Math.ceil(ids.length / PLAYBACK_BATCH_MAX) }, (_, i) => ApiPath.playbackBatch(ids.slice(i * PLAYBACK_BATCH_MAX, (i + 1) * PLAYBACK_BATCH_MAX)));
    const timed = (urls: string[]) =>
      b.executeAsync((list: string[], done: (ms: number) => void) => {
        const t0 = performance.now();
        void Promise.all(list.map((u) => fetch(u).then((r) => r.json()))).then(() => done(performance.now() - t0));
      }, urls);
    for (const net of nets) {
      await applyNetwork(b, net);
      const r: DescribeBenchResult = { network: net.name, tracks: ids.length, perTrackMs: [], batchedMs: [] };
      for (let t = 0; t < trials; t++) {
        r.perTrackMs.push(await timed(perTrack));
        r.batchedMs.push(await timed(batched));
      }
      results.push(r);
    }
  } finally {
    await launched.close();
    await bff.stop();
  }
  return results;
}
