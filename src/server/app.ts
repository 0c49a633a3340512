/**
 * Builds the Encore BFF without listening, so tests drive it through `inject` and main.ts decides
 * where it listens. Order matters: services and the error handler first (everything below uses
 * them), CORS before any route (its hook answers preflights and heads every reply), compression
 * before @fastify/static (its hook must see file streams), and the TV app's catch-all static
 * route last.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { HTTP_TIMEOUTS, type EncoreConfig } from '../config/encore-config';
import type { AccountStore, CatalogueStore, LibraryStore, RecentSearchStore, ShowStore } from '../store';
import { AuthService, type AuthServiceOptions } from './auth/auth-service';
import { loadOrCreateSecret } from './auth/secret-key';
import { Hub, type HubOptions } from './hub/hub';
import { authPlugin } from './plugins/auth';
import { accountRoutes } from './routes/account';
import { hubRoutes } from './routes/hub';
import { linkRoutes } from './routes/link';
import { oauthRoutes } from './routes/oauth';
import { edgeValidatorFactory } from './http/edge-validation';
import { cachingPlugin } from './plugins/caching';
import { compressionPlugin } from './plugins/compression';
import { corsPlugin } from './plugins/cors';
import { clientErrorHandler, errorHandlerPlugin, frameworkErrorHandler } from './plugins/error-handler';
import { servicesPlugin } from './plugins/services';
import { albumRoutes } from './routes/album';
import { artistRoutes } from './routes/artist';
import { healthRoutes } from './routes/health';
import { homeRoutes } from './routes/home';
import { linkPageRoutes } from './routes/link-page';
import { mediaRoutes } from './routes/media';
import { playbackRoutes } from './routes/playback';
import { playsRoutes, type PlaysRoutesOptions } from './routes/plays';
import { remoteRoutes } from './routes/remote';
import { searchRoutes } from './routes/search';
import { tvAppRoutes } from './routes/tv-app';
import type { CatalogueSearch } from './search/sqlite-catalogue-search';
import { libraryRoutes } from './routes/library';
import { playlistsRoutes } from './routes/playlists';
import { showsRoutes } from './routes/library-shows';
import { PartyService } from './party/party-service';
import { partyRoutes } from './routes/party';
import { partyPageRoutes } from './routes/party-page';

export interface BuildAppOptions {
  config: EncoreConfig;
  /** Owned by the caller: closing the app leaves them open. */
  store: CatalogueStore;
  accounts: AccountStore;
  library: LibraryStore;
  shows: ShowStore;
  /** Signs access tokens; default: the key file in the data dir (made on first start). */
  secret?: Uint8Array;
  /** Tests: a clock, cheap scrypt, short code lifetimes. */
  auth?: Partial<Omit<AuthServiceOptions, 'accounts' | 'secret'>>;
  hub?: HubOptions['limits'];
  logger?: FastifyServerOptions['logger'];
  /** Overrides the play-report rate limit (tests). */
  playsRateLimit?: PlaysRoutesOptions['rateLimit'];
  /** Clock for the response cache's TTL and the party join budgets (tests). */
  now?: () => number;
  /** Search behind GET /api/v1/search (the embedded database's FTS5 index: SqliteCatalogueSearch). */
  search: CatalogueSearch;
  /** The signed-in profile's recent searches (the empty query's list). */
  recentSearches: RecentSearchStore;
}

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const timeouts = opts.config.timeouts ?? HTTP_TIMEOUTS;
  const app = Fastify({
    logger: opts.logger ?? false,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler: clientErrorHandler(timeouts),
    requestTimeout: timeouts.requestMs,
    // Node checks its request timers this often (default 30 s, which would let a stall run on).
    http: { connectionsCheckingInterval: Math.min(1000, timeouts.headersMs / 2) },
    // Requests arriving during shutdown are served (close waits for them) rather than answered
    // with Fastify's own 503 body, which is not an ErrorBody.
    return503OnClosing: false,
    schemaController: { compilersFactory: { buildValidator: edgeValidatorFactory } },
  });
  app.server.headersTimeout = timeouts.headersMs;
  // No route reads text: without this parser a text/plain body is a 415, not a string the
  // schema then refuses as "must be object".
  app.removeContentTypeParser('text/plain');

  await app.register(servicesPlugin, { config: opts.config, store: opts.store, accounts: opts.accounts, library: opts.library, shows: opts.shows });
  await app.register(errorHandlerPlugin);
  const auth = new AuthService({
    accounts: opts.accounts,
    secret: opts.secret ?? loadOrCreateSecret(opts.config.secretPath),
    deviceCodeTtlSeconds: opts.config.deviceCodeTtlSeconds,
    ...opts.auth,
  });
  await auth.start();
  await app.register(authPlugin, { service: auth, hosts: opts.config.hosts });
  // Parties live in this process's memory (party/party-service.ts): they end with the BFF.
  const parties = new PartyService();
  app.decorate('parties', parties);
  app.decorate('hub', new Hub({ auth, accounts: opts.accounts, catalogue: opts.store, log: app.log, limits: opts.hub, parties }));
  await app.register(corsPlugin, { origins: opts.config.corsOrigins });
  await app.register(compressionPlugin);
  await app.register(cachingPlugin, opts.now ? { now: opts.now } : {});

  await app.register(healthRoutes);
  await app.register(homeRoutes);
  await app.register(albumRoutes);
  await app.register(artistRoutes);
  await app.register(playbackRoutes);
  await app.register(playsRoutes, opts.playsRateLimit ? { rateLimit: opts.playsRateLimit } : {});
  await app.register(oauthRoutes);
  await app.register(accountRoutes);
  await app.register(linkRoutes);
  await app.register(libraryRoutes);
  await app.register(playlistsRoutes);
  await app.register(showsRoutes);
  await app.register(hubRoutes, { origins: opts.config.corsOrigins });
  await app.register(mediaRoutes, { mediaDir: opts.config.mediaDir });
  await app.register(remoteRoutes, { appDir: opts.config.appDir });
  await app.register(searchRoutes, { search: opts.search, recent: opts.recentSearches });
  await app.register(linkPageRoutes, { appDir: opts.config.appDir });
  await app.register(partyRoutes, opts.now ? { now: opts.now } : {});
  await app.register(partyPageRoutes, { appDir: opts.config.appDir });
  await app.register(tvAppRoutes, { appDir: opts.config.appDir, serveSourceMaps: opts.config.serveSourceMaps ?? false });

  await app.ready();
  return app;
}
