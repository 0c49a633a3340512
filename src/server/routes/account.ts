/**
 * Households from the phone: sign up, sign in, sign out; who am I; "Who's listening?" profile
 * choice; the household's devices, renamed or signed out remotely. Everything under /me needs a
 * token. A wrong login and a wrong password get the same answer in the same time, and login
 * attempts are limited per client IP and per account.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import {
  AuthPath,
  CreateProfileRequest,
  DeviceParams,
  DevicesResponse,
  ErrorBody,
  LoginRequest,
  MeResponse,
  Profile,
  RenameDeviceRequest,
  SelectProfileRequest,
  SignupRequest,
  TokenResponse,
} from '../../protocol';
import type { AuthContext } from '../auth/access-tokens';
import { normaliseLogin, toProfile } from '../auth/auth-service';
import { ConflictError, NotFoundError, RateLimitedError, UnauthenticatedError } from '../errors';
import { TokenBucketLimiter } from '../http/token-bucket-limiter';
import { SERVER_DEFAULTS } from '../server-defaults';

const PHONE_CLIENT = 'encore-phone';
const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

export const accountRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const d = SERVER_DEFAULTS.auth;
  const perIp = new TokenBucketLimiter(d.loginPerIp);
  const perAccount = new TokenBucketLimiter(d.loginPerAccount);
  const signups = new TokenBucketLimiter(d.signupPerIp);
  fastify.addHook('onClose', async () => {
    for (const l of [perIp, perAccount, signups]) l.destroy();
  });
  const limit = (limiter: TokenBucketLimiter, key: string) => {
    const verdict = limiter.take(key);
    if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSeconds);
  };
  // Private routes read the identity the auth plugin verified; requireAuth guarantees it is there.
  const authOf = (request: FastifyRequest): AuthContext => request.auth!;
  const priv = { preHandler: fastify.requireAuth };

  fastify.post(
    AuthPath.signup(),
    { bodyLimit: 4096, schema: { body: SignupRequest, response: { 200: TokenResponse, ...errors } } },
    async (request, reply) => {
      limit(signups, request.ip);
      const b = request.body;
      const tokens = await fastify.auth.signup({ ...b, clientId: PHONE_CLIENT });
      if (tokens === 'taken') throw new ConflictError('login: is taken; sign in instead');
      return reply.header('cache-control', 'no-store').send(tokens);
    },
  );

  fastify.post(
    AuthPath.login(),
    { bodyLimit: 4096, schema: { body: LoginRequest, response: { 200: TokenResponse, ...errors } } },
    async (request, reply) => {
      limit(perIp, request.ip);
      limit(perAccount, normaliseLogin(request.body.login));
      const tokens = await fastify.auth.login({ ...request.body, clientId: PHONE_CLIENT });
      if (!tokens) throw new UnauthenticatedError('wrong login or password');
      return reply.header('cache-control', 'no-store').send(tokens);
    },
  );

  fastify.post(AuthPath.logout(), { ...priv, schema: { response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    const { sessionId } = authOf(request);
    await fastify.auth.revoke({ sessionId }, sessionId);
    return reply.code(204).send(null);
  });

  fastify.get(AuthPath.me(), { ...priv, schema: { response: { 200: MeResponse, ...errors } } }, async (request, reply) => {
    const auth = authOf(request);
    const [profiles, household] = await Promise.all([
      fastify.accounts.profiles(auth.householdId),
      fastify.accounts.household(auth.householdId),
    ]);
    if (!household) throw new UnauthenticatedError('the household no longer exists');
    const current = profiles.find((p) => p.id === auth.profileId);
    reply.header('cache-control', 'private, no-store');
    return {
      household: { id: household.id, login: household.login },
      profile: current ? toProfile(current) : null,
      profiles: profiles.map(toProfile),
      deviceId: auth.deviceId,
    };
  });

  fastify.put(
    AuthPath.meProfile(),
    { ...priv, schema: { body: SelectProfileRequest, response: { 200: TokenResponse, ...errors } } },
    async (request, reply) => {
      const tokens = await fastify.auth.selectProfile(authOf(request), request.body.profileId);
      if (!tokens) throw new NotFoundError(`Profile ${request.body.profileId}`);
      return reply.header('cache-control', 'no-store').send(tokens);
    },
  );

  fastify.post(
    AuthPath.meProfiles(),
    { ...priv, schema: { body: CreateProfileRequest, response: { 201: Profile, ...errors } } },
    async (request, reply) => {
      const row = await fastify.auth.createProfile(authOf(request).householdId, request.body.name, request.body.color);
      if (!row) throw new ConflictError(`a household has at most ${d.maxProfiles} profiles`);
      return reply.code(201).send(toProfile(row));
    },
  );

  fastify.get(AuthPath.devices(), { ...priv, schema: { response: { 200: DevicesResponse, ...errors } } }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store');
    return { devices: await fastify.hub.deviceList(authOf(request).householdId) };
  });

  fastify.patch(
    `${AuthPath.devices()}/:id`,
    { ...priv, schema: { params: DeviceParams, body: RenameDeviceRequest, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const ok = await fastify.accounts.renameDevice(authOf(request).householdId, request.params.id, request.body.name.trim());
      if (!ok) throw new NotFoundError(`Device ${request.params.id}`);
      return reply.code(204).send(null);
    },
  );

  fastify.delete(
    `${AuthPath.devices()}/:id/session`,
    { ...priv, schema: { params: DeviceParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const ids = await fastify.auth.revoke({ householdId: authOf(request).householdId, deviceId: request.params.id });
      if (ids.length === 0) throw new NotFoundError(`Signed-in device ${request.params.id}`);
      return reply.code(204).send(null);
    },
  );
};
