/**
 * Child process of ingest-load-bench.ts: the Encore BFF on ENCORE_DATA_DIR with the play-report
 * rate limit lifted (the bench posts ~200 plays/s from one IP; the limit would answer 429 before
 * the store is ever touched, and the store is what is measured).
 */
import { SqliteCatalogueSearch } from '../../src/server/search/sqlite-catalogue-search';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../src/server/app';
import { resolveConfig } from '../../src/config/encore-config';
import { openSqliteStores } from '../../src/store';

const config = { ...resolveConfig(), port: 0, host: '127.0.0.1' };
const stores = openSqliteStores(config.dbPath);
const store = stores.catalogue;
// How long each play write took: a wait on the ingest's write lock (busy_timeout) is spent
// synchronously inside better-sqlite3, so it also holds the loop.
let writeMs: number[] = [];
const recordPlay = store.recordPlay.bind(store);
store.recordPlay = async (trackId, atMs, profileId) => {
  const t0 = performance.now();
  try {
    return await recordPlay(trackId, atMs, profileId);
  } finally {
    writeMs.push(performance.now() - t0);
  }
};
const app = await buildApp({
  config,
  store,
  accounts: stores.accounts,
  search: new SqliteCatalogueSearch(stores.database.sqlite),
  library: stores.library,
  shows: stores.shows,
  recentSearches: stores.recentSearches,
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
  writeMs.sort((a, b) => a - b);
  process.send?.({
    loopP99Ms: loopDelay.percentile(99) / 1e6,
    loopMaxMs: loopDelay.max / 1e6,
    writeP99Ms: writeMs[Math.floor(writeMs.length * 0.99)] ?? 0,
    writeMaxMs: writeMs[writeMs.length - 1] ?? 0,
  });
  loopDelay.reset();
  writeMs = [];
});
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => stores.close())
    .finally(() => process.exit(0));
});
