/**
 * The phone's half of the TV sign-in: look up the code a TV shows, then approve it for one of the
 * household's profiles or deny it. The phone must be signed in (the household decides); user-code
 * look-ups are guesses as far as the BFF knows, so they are limited per client IP and in total
 * (the budget and the odds are in auth/user-codes.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  API_PREFIX,
  ApproveLinkRequest,
  ErrorBody,
  LinkCodeParams,
  LinkInfoResponse,
  formatUserCode,
  normaliseUserCode,
} from '../../protocol';
import { toProfile } from '../auth/auth-service';
import type { DeviceCodeRow } from '../../store';
import { CodeExpiredError, NotFoundError, RateLimitedError } from '../errors';
import { TokenBucketLimiter } from '../http/token-bucket-limiter';
import { SERVER_DEFAULTS } from '../server-defaults';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const TOTAL = 'all';

export const linkRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const perIp = new TokenBucketLimiter(SERVER_DEFAULTS.auth.linkPerIp);
  const total = new TokenBucketLimiter(SERVER_DEFAULTS.auth.linkTotal);
  fastify.addHook('onClose', async () => {
    perIp.destroy();
    total.destroy();
  });

  /** Every look-up spends guess budget, found or not, so probing cannot tell them apart for free. */
  async function pending(request: Pick<FastifyRequest, 'ip'> & { params: { code: string } }): Promise<DeviceCodeRow> {
    for (const [limiter, key] of [[perIp, request.ip], [total, TOTAL]] as const) {
      const verdict = limiter.take(key);
      if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSeconds);
    }
    const code = normaliseUserCode(request.params.code);
    if (!code) throw new NotFoundError('Code');
    const row = await fastify.auth.pendingCode(code);
    if (row === 'unknown') throw new NotFoundError(`Code ${formatUserCode(code)}`);
    if (row === 'expired') throw new CodeExpiredError(`code ${formatUserCode(code)} expired or was already used: get a new one on the TV`);
    return row;
  }

  const route = `${API_PREFIX}/link/:code`;
  const priv = { preHandler: fastify.requireAuth };

  fastify.get(route, { ...priv, schema: { params: LinkCodeParams, response: { 200: LinkInfoResponse, ...errors } } }, async (request, reply) => {
    const row = await pending(request);
    const profiles = await fastify.accounts.profiles(request.auth!.householdId);
    reply.header('cache-control', 'no-store');
    return {
      userCode: formatUserCode(row.userCode),
      deviceName: row.deviceName,
      expiresIn: fastify.auth.expiresInSeconds(row),
      profiles: profiles.map(toProfile),
    };
  });

  fastify.post(
    `${route}/approve`,
    { ...priv, bodyLimit: 1024, schema: { params: LinkCodeParams, body: ApproveLinkRequest, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const row = await pending(request);
      const householdId = request.auth!.householdId;
      const profile = await fastify.accounts.profile(householdId, request.body.profileId);
      if (!profile) throw new NotFoundError(`Profile ${request.body.profileId}`);
      const ok = await fastify.auth.decide(row.userCode, { status: 'approved', householdId, profileId: profile.id });
      if (!ok) throw new CodeExpiredError('the code expired or was already used: get a new one on the TV');
      return reply.code(204).send(null);
    },
  );

  fastify.post(
    `${route}/deny`,
    { ...priv, schema: { params: LinkCodeParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const row = await pending(request);
      const ok = await fastify.auth.decide(row.userCode, { status: 'denied' });
      if (!ok) throw new CodeExpiredError('the code expired or was already used');
      return reply.code(204).send(null);
    },
  );
};
