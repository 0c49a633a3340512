/**
 * GET /party/: the party guest page (src/remote/party), built by scripts/build-app.mjs into
 * <appDir>/party/ (its hashed bundle served by the TV app's static route). It holds a guest pass,
 * so it gets /link's lockdown: scripts from this origin only, no framing, no Referer (the join
 * link carries the party code). Read per request so a new build is picked up at once.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { SECURITY_HEADERS } from './link-page';

export interface PartyPageRoutesOptions {
  appDir: string;
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Encore party</title></head>
<body style="font-family:sans-serif;background:#0b0b10;color:#eee;padding:2rem">
<h1>Encore party</h1><p>The party page has not been built yet. Run <code>npm run build</code>, then reload.</p></body></html>
`;

export const partyPageRoutes: FastifyPluginAsync<PartyPageRoutesOptions> = async (fastify, opts) => {
  const file = path.join(path.resolve(opts.appDir), 'party', 'index.html');
  fastify.get('/party/', async (_req, reply) => {
    const page = await readFile(file).catch(() => null);
    return reply
      .headers(SECURITY_HEADERS)
      .header('cache-control', page ? 'no-cache' : 'no-store')
      .type('text/html; charset=utf-8')
      .send(page ?? NOT_BUILT);
  });
  fastify.get('/party', async (req, reply) => {
    const query = req.url.indexOf('?');
    return reply.redirect(`/party/${query === -1 ? '' : req.url.slice(query)}`, 301);
  });
};
