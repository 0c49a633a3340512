/**
 * The party queue over HTTP (protocol/party.ts; parties live in memory, party/party-service.ts).
 * The host's routes need the household's access token (the TV starts and ends its party, any of
 * the household's devices may remove a guest). Joining is public, so it is bounded: joins per
 * IP, and FAILED joins (code guesses) per IP and in total, checked before the code is looked up
 * and spent only on a miss, so a right code cannot be told from a wrong one by the budget.
 * The total is two pools: an address's first miss in an hour draws on one, its later misses on
 * the other, so one address missing all day empties only the second and a guest on a fresh
 * address still gets in (emptying the first takes some 180 addresses taking turns; a guest who
 * mistyped waits for the second, 20 s a miss).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  API_PREFIX,
  ErrorBody,
  JoinPartyRequest,
  JoinPartyResponse,
  PartyGuestParams,
  PartyInfo,
  PartyPath,
  StartPartyRequest,
  ErrorCode,
} from '../../protocol';
import type { AuthContext } from '../auth/access-tokens';
import { ConflictError, NotFoundError, RateLimitedError } from '../errors';
import { TokenBucketLimiter } from '../http/token-bucket-limiter';
import type { PartyService } from '../party/party-service';
import { PartyFullError } from '../party/party-service';
import { SERVER_DEFAULTS } from '../server-defaults';
import createError from '@fastify/error';

declare module 'fastify' {
  interface FastifyInstance {
    parties: PartyService;
  }
}

const BadNameError = createError<typeof ErrorCode.BadRequest, 400, [why: string]>(ErrorCode.BadRequest, '%s', 400);
const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const TOTAL = 'all';
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export interface PartyRoutesOptions {
  /** Clock for the join budgets (tests). */
  now?: () => number;
}

export const partyRoutes: FastifyPluginAsyncTypebox<PartyRoutesOptions> = async (fastify, opts) => {
  const { party: limits } = SERVER_DEFAULTS;
  const clock = opts.now ? { now: opts.now } : {};
  const joinsPerIp = new TokenBucketLimiter({ ...limits.joinPerIp, ...clock });
  const guessPerIp = new TokenBucketLimiter({ ...limits.guessPerIp, ...clock });
  const firstMissPerIp = new TokenBucketLimiter({ ...limits.firstMissPerIp, ...clock });
  const firstGuessTotal = new TokenBucketLimiter({ ...limits.firstGuessTotal, ...clock });
  const guessTotal = new TokenBucketLimiter({ ...limits.guessTotal, ...clock });
  fastify.addHook('onClose', async () => {
    for (const l of [joinsPerIp, guessPerIp, firstMissPerIp, firstGuessTotal, guessTotal]) l.destroy();
  });
  const priv = { preHandler: fastify.requireAuth };
  const authOf = (request: FastifyRequest): AuthContext => request.auth!;
  const running = (request: FastifyRequest) => {
    const party = fastify.parties.partyOf(authOf(request).householdId);
    if (!party) throw new NotFoundError('Party');
    return party;
  };

  fastify.post(
    PartyPath.party(),
    { ...priv, bodyLimit: 1024, schema: { body: StartPartyRequest, response: { 200: PartyInfo, ...errors } } },
    async (request, reply) => {
      const auth = authOf(request);
      try {
        const party = fastify.parties.start(auth.householdId, auth.deviceId, request.body?.maxPending);
        return reply.header('cache-control', 'no-store').send(fastify.parties.info(party, originOf(request)));
      } catch (err) {
        if (err instanceof PartyFullError) throw new ConflictError(err.message);
        throw err;
      }
    },
  );

  fastify.get(PartyPath.party(), { ...priv, schema: { response: { 200: PartyInfo, ...errors } } }, async (request, reply) =>
    reply.header('cache-control', 'no-store').send(fastify.parties.info(running(request), originOf(request))),
  );

  fastify.delete(PartyPath.party(), { ...priv, schema: { response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    if (!fastify.parties.end(authOf(request).householdId)) throw new NotFoundError('Party');
    return reply.code(204).send(null);
  });

  fastify.delete(
    `${API_PREFIX}/party/guests/:guestId`,
    { ...priv, schema: { params: PartyGuestParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      running(request);
      if (!fastify.parties.removeGuest(authOf(request).householdId, request.params.guestId)) throw new NotFoundError('Guest');
      return reply.code(204).send(null);
    },
  );

  fastify.post(
    PartyPath.join(),
    { bodyLimit: 1024, schema: { body: JoinPartyRequest, response: { 200: JoinPartyResponse, ...errors } } },
    async (request, reply) => {
      const limited = (retryAfterSeconds: number) => {
        reply.header('retry-after', String(retryAfterSeconds));
        return new RateLimitedError(retryAfterSeconds);
      };
      const join = joinsPerIp.take(request.ip);
      if (!join.allowed) throw limited(join.retryAfterSeconds);
      if (!guessPerIp.peek(request.ip)) throw limited(guessPerIp.take(request.ip).retryAfterSeconds);
      const total = firstMissPerIp.peek(request.ip) ? firstGuessTotal : guessTotal;
      if (!total.peek(TOTAL)) throw limited(total.take(TOTAL).retryAfterSeconds);
      const outcome = fastify.parties.join(request.body.code, request.body.name);
      if (outcome.ok) return reply.header('cache-control', 'no-store').send(outcome.joined);
      switch (outcome.reason) {
        case 'bad-code':
        case 'no-party':
          guessPerIp.take(request.ip);
          firstMissPerIp.take(request.ip);
          total.take(TOTAL);
          throw new NotFoundError('A party with that code');
        case 'bad-name':
          throw new BadNameError('name: give a name of 1 to 24 letters');
        case 'party-full':
          throw new ConflictError('this party is full');
      }
    },
  );
};
