/**
 * Builds the Encore BFF without listening, so tests drive it through `inject` and main.ts decides
 * where it listens. Order matters: services and the error handler first (everything below uses
 * them), CORS before any route (its hook answers preflights and heads every reply), compression
 * before @fastify/static (its hook must see file streams), and the TV app's catch-all static
 * route last.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { EncoreConfig } from './config';
import { cachingPlugin } from './plugins/caching';
import { compressionPlugin } from './plugins/compression';
import { corsPlugin } from './plugins/cors';
import { errorHandlerPlugin, frameworkErrorHandler } from './plugins/error-handler';
import { servicesPlugin } from './plugins/services';
import { albumRoutes } from './routes/album';
import { artistRoutes } from './routes/artist';
import { healthRoutes } from './routes/health';
import { homeRoutes } from './routes/home';
import { mediaRoutes } from './routes/media';
import { playbackRoutes } from './routes/playback';
import { playsRoutes, type PlaysRoutesOptions } from './routes/plays';
import { remoteRoutes } from './routes/remote';
import { searchRoutes } from './routes/search';
import { tvAppRoutes } from './routes/tv-app';
import type { CatalogueStore } from './store/catalogue-store';
import { searchFor, type CatalogueSearch } from './store/sqlite-catalogue-search';

export interface BuildAppOptions {
  config: EncoreConfig;
  /** Owned by the caller: closing the app leaves it open. */
  store: CatalogueStore;
  logger?: FastifyServerOptions['logger'];
  /** Overrides the play-report rate limit (tests). */
  playsRateLimit?: PlaysRoutesOptions['rateLimit'];
  /** Clock for the response cache's TTL (tests). */
  now?: () => number;
  /** Search behind GET /api/v1/search; by default the SQLite store's own. */
  search?: CatalogueSearch;
}

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    frameworkErrors: frameworkErrorHandler,
  });

  await app.register(servicesPlugin, { config: opts.config, store: opts.store });
  await app.register(errorHandlerPlugin);
  await app.register(corsPlugin, { origins: opts.config.corsOrigins });
  await app.register(compressionPlugin);
  await app.register(cachingPlugin, opts.now ? { now: opts.now } : {});

  await app.register(healthRoutes);
  await app.register(homeRoutes);
  await app.register(albumRoutes);
  await app.register(artistRoutes);
  await app.register(playbackRoutes);
  await app.register(playsRoutes, opts.playsRateLimit ? { rateLimit: opts.playsRateLimit } : {});
  await app.register(mediaRoutes, { mediaDir: opts.config.mediaDir });
  await app.register(remoteRoutes);
  await app.register(searchRoutes, { search: opts.search ?? searchFor(opts.store) });
  await app.register(tvAppRoutes, { appDir: opts.config.appDir });

  await app.ready();
  return app;
}
