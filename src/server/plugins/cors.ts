/**
 * CORS for clients that are not served by the BFF: the packaged webOS/Tizen apps run from
 * file:// (origin `null`), and Lightning's image worker and Shaka fetch cross-origin from there.
 * Only listed origins may read (config.corsOrigins: `null` plus ENCORE_CORS_ORIGINS): the BFF has
 * no login, and home carries listening history, so an arbitrary web page open on the LAN must not
 * read it or post plays through the user's browser. No cookies or credentials are used.
 */
import cors from '@fastify/cors';
import fp from 'fastify-plugin';
import { SERVER_DEFAULTS } from '../server-defaults';

export const corsPlugin = fp<{ origins: string[] }>(
  async (fastify, opts) => {
    const allowed = new Set(opts.origins);
    await fastify.register(cors, {
      // Echoes an allowed Origin (with Vary: Origin); others get no CORS headers.
      origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
      // A packaged TV app signs in, reports plays, switches profile (PUT) and signs out; phones
      // on another origin rename (PATCH) and sign devices out (DELETE). Each private one needs a
      // token: CORS decides who may read an answer, never who may act.
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      // Content-Type: JSON and form bodies; Range: Shaka's byte-range segments; Authorization: tokens.
      allowedHeaders: ['Content-Type', 'Range', 'Authorization'],
      // What Shaka reads off media responses (sizes, partial content), the app off screens, and a
      // client off a 401 or 429.
      exposedHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag', 'WWW-Authenticate', 'Retry-After'],
      maxAge: SERVER_DEFAULTS.cors.preflightMaxAgeSeconds,
    });
  },
  { name: 'encore-cors', fastify: '5.x' },
);
