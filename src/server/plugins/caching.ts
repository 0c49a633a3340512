/**
 * Catalogue caching: a shared `ResponseCache` plus `reply.sendCatalogue()`, which answers a screen
 * from the cache with a strong ETag, the screen's Cache-Control, `Vary: accept-encoding`, a 304 on
 * a matching If-None-Match, and pre-compressed bytes for Brotli/gzip clients.
 *
 * The body is serialised with the route's response schema (`reply.serialize`), so unlisted
 * fields are dropped exactly as they would be without the cache.
 */
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { ResponseCache } from '../http/response-cache';
import type { BodyEncoding } from '../http/cached-body';
import { SERVER_DEFAULTS } from '../server-defaults';

declare module 'fastify' {
  interface FastifyInstance {
    responseCache: ResponseCache;
  }
  interface FastifyReply {
    /**
     * Sends the screen stored under `key`, calling `build` (which may reject with NotFoundError)
     * only when it is not cached. Resolves to the reply, so a handler can
     * `return reply.sendCatalogue(…)`.
     */
    sendCatalogue<T>(key: string, cacheControl: string, build: () => Promise<T>): Promise<FastifyReply>;
  }
}

/** Brotli preferred, then gzip; anything else (or no header) gets identity. */
const SUPPORTED: BodyEncoding[] = ['br', 'gzip', 'identity'];

/** Real clients send a handful of distinct Accept-Encoding values; stop memoising past that. */
const MAX_MEMOISED_HEADERS = 64;

function boundedCache() {
  const map = new Map<string, string>();
  return {
    has: (k: string) => map.has(k),
    get: (k: string) => map.get(k),
    set(k: string, v: string) {
      if (map.size < MAX_MEMOISED_HEADERS) map.set(k, v);
      return this;
    },
  };
}

export interface CachingPluginOptions {
  /** Tests pin the clock to exercise the TTL. */
  now?: () => number;
}

export const cachingPlugin = fp<CachingPluginOptions>(
  async (fastify, opts) => {
    const defaults = SERVER_DEFAULTS.responseCache;
    const cache = new ResponseCache({
      ttlMs: defaults.ttlMs,
      maxEntries: defaults.maxEntries,
      thresholdBytes: SERVER_DEFAULTS.compression.thresholdBytes,
      brotliQuality: SERVER_DEFAULTS.compression.brotliQuality,
      ...(opts.now ? { now: opts.now } : {}),
    });
    const negotiator = new Negotiator<BodyEncoding>({
      supportedValues: SUPPORTED,
      cache: boundedCache(),
    });

    fastify.decorate('responseCache', cache);
    fastify.addHook('onClose', async () => cache.destroy());

    fastify.decorateReply(
      'sendCatalogue',
      async function sendCatalogue<T>(
        this: FastifyReply,
        key: string,
        cacheControl: string,
        build: () => Promise<T>,
      ): Promise<FastifyReply> {
        const cached = cache.getOrBuild(key, async () => this.serialize(await build()) as string);
        const body = cached instanceof Promise ? await cached : cached;
        const header = this.request.headers['accept-encoding'];
        const encoding = (header && negotiator.negotiate(header.toLowerCase())) || 'identity';
        const variant = body.variant(encoding);

        // Added to, not replaced: CORS has already put Origin in Vary.
        const vary = this.getHeader('vary');
        this.header('cache-control', cacheControl)
          .header('vary', vary ? `${String(vary)}, accept-encoding` : 'accept-encoding')
          .header('etag', variant.etag);
        if (body.matches(this.request.headers['if-none-match'])) {
          return this.code(304).send();
        }
        if (variant.contentEncoding) this.header('content-encoding', variant.contentEncoding);
        return this.type('application/json; charset=utf-8').send(variant.payload);
      },
    );
  },
  { name: 'encore-caching', fastify: '5.x' },
);
