/**
 * GET /: the built TV app (scripts/build-app.mjs → dist/browser/, with .br/.gz beside each file).
 * The shell (index.html) is revalidated on every load so a new build is picked up at once; hashed
 * assets are immutable. Without a build, `/` explains how to make one instead of failing.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { SERVER_DEFAULTS } from '../server-defaults';

const CACHE = SERVER_DEFAULTS.cacheControl;

/**
 * Bundler content hashes: `index-5MZUC4TF.js` (esbuild), `app.3f9a1c2b.js`. Requiring a digit
 * keeps plain words (`lightning-settings.js`) out.
 */
const HASHED_NAME = /[.-](?=[A-Za-z0-9_]*\d)[A-Za-z0-9_]{8,}\.[a-z0-9]+$/;

export function appCacheControl(filePath: string): string {
  const logical = filePath.replace(/\.(br|gz)$/, '');
  if (logical.endsWith('.html')) return CACHE.appShell;
  return HASHED_NAME.test(path.basename(logical)) ? CACHE.appHashedAsset : CACHE.appOtherAsset;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Encore</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:sans-serif;background:#111;color:#eee;padding:4rem">
<h1>Encore</h1><p>The TV app has not been built yet. Run <code>npm run build</code>
(or <code>npm start</code>, which builds first), then reload.</p></body></html>
`;

export interface TvAppRoutesOptions {
  appDir: string;
  /** Serve `*.map` too (config.serveSourceMaps); otherwise they answer 404 like a missing file. */
  serveSourceMaps?: boolean;
}

const SOURCE_MAP = /\.map$/i;

export const tvAppRoutes: FastifyPluginAsync<TvAppRoutesOptions> = async (fastify, opts) => {
  const root = path.resolve(opts.appDir);
  if (!fs.existsSync(root)) {
    fastify.log.warn({ appDir: root }, 'TV app not built; / will say how to build it');
    const notBuilt = async (_req: unknown, reply: FastifyReply) =>
      reply
        .code(200)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT_PAGE);
    fastify.get('/', notBuilt);
    fastify.get('/index.html', notBuilt);
    return;
  }

  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    decorateReply: false,
    preCompressed: true,
    index: ['index.html'],
    redirect: false,
    dotfiles: 'ignore',
    // The build writes maps for debugging; the BFF hands them out only when asked to.
    allowedPath: (pathName: string) => opts.serveSourceMaps === true || !SOURCE_MAP.test(pathName),
    cacheControl: false,
    setHeaders: (reply: FastifyReply, filePath: string) => {
      reply.header('cache-control', appCacheControl(filePath));
    },
  });
};
