/**
 * `npm start` / `npm run dev`: resolve config, open the catalogue, make sure there is something
 * to play (the demo library on an empty data dir), then serve the TV app, the phone page, the API
 * and the media. SIGINT/SIGTERM close the server (in-flight requests finish) and then the store.
 */
import fs from 'node:fs';
import { ensureDemoLibrary } from '../ingest/demo/ensure-demo-library';
import { ApiPath } from '../protocol';
import { buildApp } from './app';
import { resolveConfig } from '../config/encore-config';
import { SqliteCatalogueStore } from './store/sqlite-catalogue-store';

async function main(): Promise<void> {
  const config = resolveConfig();
  const store = SqliteCatalogueStore.open(config.dbPath);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app?.log.info({ signal }, 'shutting down');
    try {
      await app?.close();
    } finally {
      store.close();
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
    await ensureDemoLibrary(config, { store });
    // Own music may not have been ingested yet; an empty media dir is still a valid one.
    fs.mkdirSync(config.mediaDir, { recursive: true });
    app = await buildApp({ config, store, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
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
      `  Encore is running (${store.trackCount()} tracks)`,
      `  TV app        ${base}/`,
      `  Phone remote  ${base}/remote/`,
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
