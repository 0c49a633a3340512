/**
 * Child process of the HTTP and hub benches: a bare Fastify hello-world and the Encore BFF side
 * by side, plus what the benches need from inside the server: a signed-in household's token,
 * tokens for many idle devices (minted directly: the bench measures holding connections, not
 * signing in), and this process's memory on request.
 */
import { SqliteCatalogueSearch } from '../../src/server/search/sqlite-catalogue-search';
import Fastify from 'fastify';
import { buildApp } from '../../src/server/app';
import { resolveConfig } from '../../src/config/encore-config';
import { openSqliteStores } from '../../src/store';

const hello = Fastify({ logger: false });
hello.get('/', async () => ({ hello: 'world' }));
await hello.listen({ port: 0, host: '127.0.0.1' });

const config = { ...resolveConfig(), port: 0, host: '127.0.0.1' };
const stores = openSqliteStores(config.dbPath);
const unlimited = { capacity: 1e9, refillPerSecond: 1e9 };
const app = await buildApp({
  config,
  store: stores.catalogue,
  accounts: stores.accounts,
  search: new SqliteCatalogueSearch(stores.database.sqlite),
  library: stores.library,
  shows: stores.shows,
  recentSearches: stores.recentSearches,
  logger: false,
  hub: { upgradesPerIp: unlimited, messageRate: unlimited },
});
await app.listen({ port: 0, host: '127.0.0.1' });

// A household of this run (logins are unique per run; the bench data dir is reused).
const signedUp = await app.auth.signup({
  login: `bench-${Date.now()}@example.test`,
  password: 'bench password',
  profileName: 'Bench',
  deviceId: 'bench-phone-0001',
  clientId: 'bench',
});
if (signedUp === 'taken') throw new Error('bench login taken');
const verified = await app.auth.authenticate(signedUp.access_token);
if (!verified.ok) throw new Error('bench token does not verify');
const household = verified.auth.householdId;

const portOf = (s: typeof hello) => {
  const a = s.server.address();
  if (!a || typeof a === 'string') throw new Error('no TCP address');
  return a.port;
};

process.on('message', (m: { type: string; count?: number; idle?: boolean }) => {
  void (async () => {
    if (m.type === 'tokens') {
      const tokens: string[] = [];
      for (let i = 0; i < (m.count ?? 1); i++) {
        tokens.push(
          await app.auth.tokens.sign({
            sessionId: `bench-${i}`,
            // Idle devices belong to households of their own, so a broadcast reaches only listeners.
            householdId: m.idle ? `idle-household-${i}` : household,
            profileId: null,
            deviceId: `bench-device-${m.idle ? 'idle' : 'live'}-${String(i).padStart(5, '0')}`,
          }),
        );
      }
      process.send?.({ type: 'tokens', tokens });
    } else if (m.type === 'memory') {
      global.gc?.();
      process.send?.({ type: 'memory', ...process.memoryUsage(), connections: app.hub.size });
    }
  })();
});

process.send?.({
  type: 'ready',
  helloPort: portOf(hello),
  encorePort: portOf(app as unknown as typeof hello),
  token: signedUp.access_token,
});
process.on('SIGTERM', () => {
  void Promise.all([hello.close(), app.close()])
    .then(() => stores.close())
    .finally(() => process.exit(0));
});
