/** GET /health: liveness plus what a human checks first (build version, catalogue size). */
import fs from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiPath, ErrorBody, HealthResponse } from '../../protocol';

const { version } = JSON.parse(
  fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
) as { version: string };

export const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    ApiPath.health(),
    { schema: { response: { 200: HealthResponse, '5xx': ErrorBody } } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' as const, version, tracks: await fastify.store.trackCount() };
    },
  );
};
