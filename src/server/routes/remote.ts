/**
 * GET /remote/: the phone remote page, built by scripts/build-app.mjs into <appDir>/remote/ (its
 * hashed bundle is served with the TV app's static files, immutable). The shell is read per
 * request with no-cache so a new build is picked up at once; without a build it says how to make one.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';

export interface RemoteRoutesOptions {
  appDir: string;
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Encore remote</title></head>
<body style="font-family:sans-serif;background:#0b0b10;color:#eee;padding:2rem">
<h1>Encore remote</h1><p>The phone remote has not been built yet. Run <code>npm run build</code>, then reload.</p></body></html>
`;

export const remoteRoutes: FastifyPluginAsync<RemoteRoutesOptions> = async (fastify, opts) => {
  const shell = path.join(path.resolve(opts.appDir), 'remote', 'index.html');
  fastify.get('/remote/', async (_req, reply) => {
    const page = await fs.readFile(shell).catch(() => null);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', page ? 'no-cache' : 'no-store')
      .send(page ?? NOT_BUILT);
  });
  fastify.get('/remote', async (_req, reply) => reply.redirect('/remote/', 301));
};
