/**
 * The OAuth endpoints of the TV sign-in, in the shape of RFC 8628 (device authorization grant)
 * and RFC 6749 (token endpoint). Bodies are application/x-www-form-urlencoded as the RFCs say;
 * errors are the RFCs' JSON (`{error, error_description}`, 400, Cache-Control: no-store), not
 * Encore's error body, so any OAuth client library understands them.
 */
import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyError, FastifyReply } from 'fastify';
import { toErrorBody } from '../plugins/error-handler';
import {
  AuthPath,
  DEVICE_CODE_GRANT,
  DeviceAuthorizationRequest,
  DeviceAuthorizationResponse,
  OAuthError,
  TokenRequest,
  TokenResponse,
  type OAuthErrorCode,
} from '../../protocol';
import { TokenBucketLimiter } from '../http/token-bucket-limiter';
import { SERVER_DEFAULTS } from '../server-defaults';

/** Form fields arrive as strings; anything else (repeated keys → arrays) is refused. */
const FormBody = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 512 }), { maxProperties: 12 });
const checkTokenRequest = TypeCompiler.Compile(TokenRequest);
const DEFAULT_DEVICE_NAME = 'TV';

function oauthError(reply: FastifyReply, status: number, error: OAuthErrorCode, description: string, extra: object = {}) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send({ error, error_description: description, ...extra });
}

export const oauthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(formbody, { bodyLimit: 4096 });
  const d = SERVER_DEFAULTS.auth;
  const authorizeLimiter = new TokenBucketLimiter(d.deviceAuthorizationPerIp);
  const tokenLimiter = new TokenBucketLimiter(d.tokenPerIp);
  fastify.addHook('onClose', async () => {
    authorizeLimiter.destroy();
    tokenLimiter.destroy();
  });

  // Validation failures here are OAuth's invalid_request, not Encore's error body.
  fastify.setErrorHandler((error: { validation?: unknown; statusCode?: number; message: string }, request, reply) => {
    if (error.validation) return oauthError(reply, 400, 'invalid_request', error.message);
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'oauth request failed');
      return reply.code(500).header('cache-control', 'no-store').send({ error: 'server_error' });
    }
    // The Host check (421), a bad bearer header (401) and a non-form body (415) keep their status
    // and Encore's error body: they are not OAuth requests gone wrong but requests refused before.
    if (status === 401 || status === 415 || status === 421) {
      return reply.code(status).header('cache-control', 'no-store').send(toErrorBody(error as FastifyError));
    }
    return oauthError(reply, status === 413 ? 413 : 400, 'invalid_request', error.message);
  });

  const oauthResponses = { 400: OAuthError, 429: OAuthError, 503: OAuthError };

  fastify.post(
    AuthPath.deviceAuthorization(),
    {
      schema: {
        body: DeviceAuthorizationRequest,
        response: { 200: DeviceAuthorizationResponse, ...oauthResponses },
      },
    },
    async (request, reply) => {
      const verdict = authorizeLimiter.take(request.ip);
      if (!verdict.allowed) {
        reply.header('retry-after', String(verdict.retryAfterSeconds));
        return oauthError(reply, 429, 'slow_down', 'too many sign-in codes asked for; wait and retry');
      }
      const body = request.body;
      const answer = await fastify.auth.authorizeDevice({
        clientId: body.client_id,
        // A TV without a stable id still gets a sign-in; it just replaces nothing on approval.
        deviceId: body.device_id ?? `anon-${request.id}-${Date.now().toString(36)}`,
        deviceName: body.device_name ?? DEFAULT_DEVICE_NAME,
        verificationUri: `${request.protocol}://${request.host}${AuthPath.linkPage()}`,
      });
      if (answer === 'busy') return oauthError(reply, 503, 'slow_down', 'too many sign-ins in progress; retry in a minute');
      return reply.header('cache-control', 'no-store').send(answer);
    },
  );

  fastify.post(
    AuthPath.token(),
    { schema: { body: FormBody, response: { 200: TokenResponse, ...oauthResponses } } },
    async (request, reply) => {
      const verdict = tokenLimiter.take(request.ip);
      if (!verdict.allowed) {
        reply.header('retry-after', String(verdict.retryAfterSeconds));
        return oauthError(reply, 429, 'slow_down', 'too many token requests', { interval: verdict.retryAfterSeconds });
      }
      const body = request.body;
      const grant = body.grant_type;
      if (grant !== DEVICE_CODE_GRANT && grant !== 'refresh_token') {
        return oauthError(reply, 400, grant ? 'unsupported_grant_type' : 'invalid_request', grant ? `grant_type ${grant.slice(0, 80)} is not supported` : 'grant_type: is required');
      }
      if (!checkTokenRequest.Check(body)) {
        const first = checkTokenRequest.Errors(body).First();
        const field = first?.path.replace(/^\//, '') || 'body';
        return oauthError(reply, 400, 'invalid_request', `${field}: ${first?.message ?? 'is invalid'}`);
      }
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      if (body.grant_type === DEVICE_CODE_GRANT) {
        const outcome = await fastify.auth.pollDevice(body.device_code, body.client_id);
        if (!outcome.ok) {
          return oauthError(reply, 400, outcome.error, outcome.description, outcome.interval ? { interval: outcome.interval } : {});
        }
        return outcome.tokens;
      }
      const tokens = await fastify.auth.refresh(body.refresh_token);
      if (!tokens) return oauthError(reply, 400, 'invalid_grant', 'the refresh token is not valid: sign in again');
      return tokens;
    },
  );
};
