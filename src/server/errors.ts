/**
 * Error factories for the BFF. Codes are the protocol's stable `ENCORE_ERR_*` values (cause/fix
 * table in README "Error codes"); the one error handler turns any of these into an `ErrorBody`.
 */
import createError from '@fastify/error';
import { ErrorCode } from '../protocol';

export const NotFoundError = createError<typeof ErrorCode.NotFound, 404, [what: string]>(
  ErrorCode.NotFound,
  '%s not found',
  404,
);

export const RateLimitedError = createError<
  typeof ErrorCode.TooManyRequests,
  429,
  [retryAfterSeconds: number]
>(ErrorCode.TooManyRequests, 'Too many requests; retry in %d s', 429);

/** No token, or a token that is expired, malformed or of a signed-out device. */
export const UnauthenticatedError = createError<typeof ErrorCode.Unauthenticated, 401, [why: string]>(
  ErrorCode.Unauthenticated,
  '%s',
  401,
);

export const ConflictError = createError<typeof ErrorCode.Conflict, 409, [what: string]>(ErrorCode.Conflict, '%s', 409);

/** A sign-in code that existed but can no longer be used (expired, approved, denied). */
export const CodeExpiredError = createError<typeof ErrorCode.CodeExpired, 410, [what: string]>(
  ErrorCode.CodeExpired,
  '%s',
  410,
);

/** A Host header this BFF does not serve: DNS rebinding, or a misconfigured name. */
export const MisdirectedHostError = createError<typeof ErrorCode.MisdirectedHost, 421, [host: string]>(
  ErrorCode.MisdirectedHost,
  'host %s is not served here: add it to ENCORE_HOSTS',
  421,
);

/** Fastify's own codes that are the client's fault and map onto one of ours. */
export const FASTIFY_CLIENT_ERRORS: Readonly<Record<string, { code: string; message?: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: ErrorCode.PayloadTooLarge },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: ErrorCode.BadRequest, message: 'body: is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: ErrorCode.BadRequest, message: 'body: is empty' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: ErrorCode.UnsupportedMediaType,
    message: 'body: content-type must be application/json',
  },
};
