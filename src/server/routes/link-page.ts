/**
 * GET /link: the phone page a TV's QR code opens (verification_uri of RFC 8628), built by
 * scripts/build-app.mjs into <appDir>/link/ (index.html + link.<hash>.js, which the TV app's static
 * route serves with the immutable caching of hashed assets). Read per request: a few KB, and a new
 * build is picked up without a restart, like the TV app's shell.
 *
 * The page handles sign-in, so it is locked down: scripts only from this origin (no inline
 * script: a stolen token cannot be sent anywhere by injected markup), no framing (clickjacking the
 * Approve button), and no Referer (the URL carries the user code).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

export interface LinkPageRoutesOptions {
  appDir: string;
}

/** Shared by the phone pages that hold a credential (/link, /party/). */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Encore</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:sans-serif;background:#0b0b10;color:#eee;padding:2rem">
<h1>Encore</h1><p>The phone page has not been built yet. Run <code>npm run build</code> on the server, then reload.</p></body></html>
`;

export const linkPageRoutes: FastifyPluginAsync<LinkPageRoutesOptions> = async (fastify, opts) => {
  const file = path.join(path.resolve(opts.appDir), 'link', 'index.html');
  const send = async (_req: unknown, reply: FastifyReply) => {
    const page = await readFile(file).catch(() => null);
    return reply
      .headers(SECURITY_HEADERS)
      .header('cache-control', page ? 'no-cache' : 'no-store')
      .type('text/html; charset=utf-8')
      .send(page ?? NOT_BUILT_PAGE);
  };
  fastify.get('/link', send);
  // The page's script is at link/<file>, relative to /link: from /link/ it would miss.
  fastify.get('/link/', async (req, reply) => {
    const query = req.url.indexOf('?');
    // Relative, so a BFF behind a path prefix keeps it.
    return reply.redirect(`../link${query === -1 ? '' : req.url.slice(query)}`, 301);
  });
};
