/**
 * POST /api/v1/plays: a play report from a client, recorded as history (feeds "Jump back in" and
 * an artist's top tracks). The body is tiny and bounded; each client IP gets a token bucket so a
 * looping client cannot flood the history.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { API_PREFIX, ErrorBody, PlayRequest } from '../../protocol';
import { NotFoundError, RateLimitedError } from '../errors';
import { TokenBucketLimiter, type TokenBucketOptions } from '../http/token-bucket-limiter';
import { SERVER_DEFAULTS } from '../server-defaults';

export interface PlaysRoutesOptions {
  rateLimit?: Pick<TokenBucketOptions, 'capacity' | 'refillPerSecond' | 'now'>;
}

export const playsRoutes: FastifyPluginAsyncTypebox<PlaysRoutesOptions> = async (
  fastify,
  opts,
) => {
  const limiter = new TokenBucketLimiter({
    ...SERVER_DEFAULTS.plays.rateLimit,
    ...opts.rateLimit,
  });
  fastify.addHook('onClose', async () => limiter.destroy());

  fastify.post(
    `${API_PREFIX}/plays`,
    {
      bodyLimit: SERVER_DEFAULTS.plays.bodyLimitBytes,
      // Before the body is read, so a flood costs no parsing or validation.
      onRequest: async (request, reply) => {
        const verdict = limiter.take(request.ip);
        if (!verdict.allowed) {
          reply.header('retry-after', String(verdict.retryAfterSeconds));
          throw new RateLimitedError(verdict.retryAfterSeconds);
        }
      },
      schema: {
        body: PlayRequest,
        response: { 204: Type.Null(), '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const { trackId } = request.body;
      // A guest's play (no token) counts for popularity only; it never shows up as anyone's history.
      const recorded = await fastify.store.recordPlay(trackId, Date.now(), request.auth?.profileId ?? null);
      if (!recorded) throw new NotFoundError(`Track ${trackId}`);
      fastify.responseCache.invalidate();
      return reply.code(204).send(null);
    },
  );
};
