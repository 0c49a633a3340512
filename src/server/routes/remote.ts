/**
 * GET /remote/: the phone remote page. A placeholder until the phone/cast issue; read once at
 * start-up since it only changes with a deploy.
 */
import fs from 'node:fs';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

const PAGE_URL = new URL('../../remote/index.html', import.meta.url);

export const remoteRoutes: FastifyPluginAsync = async (fastify) => {
  const page = fs.readFileSync(PAGE_URL);
  const send = async (_req: unknown, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  fastify.get('/remote/', send);
  fastify.get('/remote', async (_req, reply) => reply.redirect('/remote/', 301));
};
