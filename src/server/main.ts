/**
 * `npm start` / `npm run dev`: resolve config, open the database, then serve the TV app, the phone
 * pages, the API, the hub and the media. Seeding the demo library is the start script's step
 * before this one (`npm run seed`), not the server's. SIGINT/SIGTERM close the server (in-flight
 * requests finish, hub sockets get 1001) and then the database.
 */
import fs from 'node:fs';
import { ApiPath } from '../protocol';
import { openSqliteStores } from '../store';
import { buildApp } from './app';
import { SqliteCatalogueSearch } from './search/sqlite-catalogue-search';
import { resolveConfig } from '../config/encore-config';

async function main(): Promise<void> {
  const config = resolveConfig();
  const stores = openSqliteStores(config.dbPath);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app?.log.info({ signal }, 'shutting down');
    try {
      await app?.close();
    } finally {
      await stores.close();
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  }

  try {
    // Own music may not have been ingested yet; an empty media dir is still a valid one.
    fs.mkdirSync(config.mediaDir, { recursive: true });
    app = await buildApp({
      config,
      store: stores.catalogue,
      accounts: stores.accounts,
      search: new SqliteCatalogueSearch(stores.database.sqlite),
      library: stores.library,
      shows: stores.shows,
      recentSearches: stores.recentSearches,
      logger: { level: process.env.LOG_LEVEL ?? 'info' } });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await shutdown('startup-failure').catch(() => undefined);
    throw err;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://localhost:${port}`;
  console.log(
    [
      '',
      `  Encore is running (${await stores.catalogue.trackCount()} tracks)`,
      `  TV app        ${base}/`,
      `  Phone remote  ${base}/remote/`,
      `  TV sign-in    ${base}/link`,
      `  API           ${base}${ApiPath.home()}`,
      `  Health        ${base}${ApiPath.health()}`,
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
