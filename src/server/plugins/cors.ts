/**
 * CORS for clients that are not served by the BFF: the packaged webOS/Tizen apps run from
 * file:// (origin `null`), and Lightning's image worker and Shaka fetch cross-origin from there.
 * Any origin may read: the catalogue and media are public, and no cookies or credentials are
 * used, so `*` (which browsers refuse together with credentials) is the whole policy. A fixed `*`
 * also keeps responses cacheable without `Vary: Origin`.
 */
import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import { SERVER_DEFAULTS } from '../server-defaults';

export const corsPlugin = fp(
  async (fastify) => {
    await fastify.register(cors, {
      origin: '*',
      // POST is the play report (rate limited in routes/plays.ts); nothing else writes.
      methods: ['GET', 'HEAD', 'POST'],
      // Content-Type: the play report's application/json; Range: Shaka's byte-range segments.
      allowedHeaders: ['Content-Type', 'Range'],
      // What Shaka reads off media responses (sizes, partial content) and the app off screens.
      exposedHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag'],
      maxAge: SERVER_DEFAULTS.cors.preflightMaxAgeSeconds,
    });
  },
  { name: 'encore-cors', fastify: '5.x' },
);
