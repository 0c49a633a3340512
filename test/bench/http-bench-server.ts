/** Child process of http-bench.ts: a bare Fastify hello-world and the Encore BFF, side by side. */
import Fastify from 'fastify';
import { buildApp } from '../../src/server/app';
import { resolveConfig } from '../../src/config/encore-config';
import { openSqliteStores } from '../../src/store';

const hello = Fastify({ logger: false });
hello.get('/', async () => ({ hello: 'world' }));
await hello.listen({ port: 0, host: '127.0.0.1' });

const config = { ...resolveConfig(), port: 0, host: '127.0.0.1' };
const stores = openSqliteStores(config.dbPath);
const app = await buildApp({ config, store: stores.catalogue, accounts: stores.accounts, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });

const portOf = (s: typeof hello) => {
  const a = s.server.address();
  if (!a || typeof a === 'string') throw new Error('no TCP address');
  return a.port;
};
process.send?.({ helloPort: portOf(hello), encorePort: portOf(app as unknown as typeof hello) });
process.on('SIGTERM', () => {
  void Promise.all([hello.close(), app.close()])
    .then(() => stores.close())
    .finally(() => process.exit(0));
});
