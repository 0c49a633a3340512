/**
 * Child process of ingest-load-bench.ts: the Encore BFF on ENCORE_DATA_DIR with the play-report
 * rate limit lifted (the bench posts ~200 plays/s from one IP; the limit would answer 429 before
 * the store is ever touched, and the store is what is measured).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../src/server/app';
import { resolveConfig } from '../../src/server/config';
import { SqliteCatalogueStore } from '../../src/server/store/sqlite-catalogue-store';

const config = { ...resolveConfig(), port: 0, host: '127.0.0.1' };
const store = SqliteCatalogueStore.open(config.dbPath);
const app = await buildApp({
  config,
  store,
  logger: false,
  playsRateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
process.send?.({ port: address.port });

// The BFF's own view: how long its event loop was held (a synchronous SQLite wait shows here
// whatever the load generator's machine share). 'phase' resets, then reports at the next one.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
process.on('message', (m) => {
  if (m !== 'phase') return;
  process.send?.({ loopP99Ms: loopDelay.percentile(99) / 1e6, loopMaxMs: loopDelay.max / 1e6 });
  loopDelay.reset();
});
process.on('SIGTERM', () => {
  void app.close().finally(() => {
    store.close();
    process.exit(0);
  });
});
