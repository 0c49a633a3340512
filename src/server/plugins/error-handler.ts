/**
 * The one error handler and not-found handler for the whole BFF. Every failure leaves as an
 * `ErrorBody` with a stable `ENCORE_ERR_*` code; bad input is always a 4xx that names the field,
 * and a 5xx is logged in full but answers with nothing internal.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from 'fastify';
import fp from 'fastify-plugin';
import type { HttpTimeouts } from '../../config/encore-config';
import { AlbumId, ArtistId, ErrorCode, TrackId, type ErrorBody } from '../../protocol';
import { FASTIFY_CLIENT_ERRORS } from '../errors';

/** `^al_[0-9a-f]{12}$` → "must be an album id (al_ + 12 hex)", read off the protocol's schemas. */
const PATTERN_MESSAGES = new Map<string, string>(
  [ArtistId, AlbumId, TrackId].map((schema) => {
    const pattern = schema.pattern ?? '';
    const prefix = /^\^([a-z]+_)/.exec(pattern)?.[1] ?? '';
    const digits = /\{(\d+)\}/.exec(pattern)?.[1] ?? '';
    const kind = schema.description ?? 'id';
    const article = /^[aeiou]/i.test(kind) ? 'an' : 'a';
    return [pattern, `must be ${article} ${kind} (${prefix} + ${digits} hex)`];
  }),
);

/** Turns one Ajv error into "field: problem", e.g. "id: must be an album id (al_ + 12 hex)". */
function describe(err: FastifySchemaValidationError, dataVar: string): string {
  const params = err.params as Record<string, unknown>;
  const path = err.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const field = (child: unknown) => [path, child].filter(Boolean).join('.') || dataVar;
  switch (err.keyword) {
    case 'required':
      return `${field(params.missingProperty)}: is required`;
    case 'additionalProperties':
      return `${field(params.additionalProperty)}: is not allowed`;
    case 'pattern':
      return `${field('')}: ${PATTERN_MESSAGES.get(String(params.pattern)) ?? err.message}`;
    default:
      return `${field('')}: ${err.message ?? 'is invalid'}`;
  }
}

/** Fastify's `schemaErrorFormatter`: the message of every validation 400. */
export function formatValidationErrors(
  errors: FastifySchemaValidationError[],
  dataVar: string,
): Error {
  const message = errors.map((e) => describe(e, dataVar)).join('; ');
  return new Error(message || `${dataVar}: is invalid`);
}

function statusOf(error: FastifyError): number {
  const status = error.statusCode ?? (error as { status?: number }).status;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500;
}

/** Maps any thrown thing onto the wire body. Only 4xx messages are ever shown to the client. */
export function toErrorBody(error: FastifyError): ErrorBody {
  if (error.validation) {
    return { error: ErrorCode.BadRequest, message: error.message, statusCode: 400 };
  }
  const statusCode = statusOf(error);
  if (statusCode >= 500) {
    return { error: ErrorCode.Internal, message: 'Internal server error', statusCode: 500 };
  }
  if (typeof error.code === 'string' && error.code.startsWith('ENCORE_ERR_')) {
    return { error: error.code, message: error.message, statusCode };
  }
  const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
  if (known) return { error: known.code, message: known.message ?? error.message, statusCode };
  switch (statusCode) {
    case 403:
    case 404:
      // A refused media path (traversal, dotfile) reads as absent: nothing to learn from it.
      return { error: ErrorCode.NotFound, message: 'Not found', statusCode: 404 };
    case 408:
      return { error: ErrorCode.RequestTimeout, message: 'request: not received in time', statusCode };
    case 413:
      return { error: ErrorCode.PayloadTooLarge, message: 'Request body is too large', statusCode };
    case 415:
      return { error: ErrorCode.UnsupportedMediaType, message: 'body: content-type is not accepted', statusCode };
    case 416:
      return { error: ErrorCode.RangeNotSatisfiable, message: 'Range not satisfiable', statusCode };
    case 429:
      return { error: ErrorCode.TooManyRequests, message: 'Too many requests', statusCode };
    default:
      // Node's JSON.parse wording ("Unexpected token …") is no help to a client.
      return {
        error: ErrorCode.BadRequest,
        message: error instanceof SyntaxError ? 'body: is not valid JSON' : error.message,
        statusCode,
      };
  }
}

/** Errors are never cached: the next attempt may well succeed. */
function sendErrorBody(reply: FastifyReply, body: ErrorBody): FastifyReply {
  return reply
    .code(body.statusCode)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(body));
}

/**
 * Errors Fastify raises before routing (a malformed %-escape, an over-long param), which never
 * reach `setErrorHandler`; wired as the `frameworkErrors` server option in buildApp.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message =
    error.code === 'FST_ERR_BAD_URL'
      ? 'url: is not valid percent-encoding'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'url: a path parameter is too long'
        : undefined;
  sendErrorBody(
    reply,
    message ? { error: ErrorCode.BadRequest, message, statusCode: 400 } : toErrorBody(error),
  );
}

/** What a client error (Node's parser or its request timers) answers, before any route exists. */
function clientErrorBody(err: NodeJS.ErrnoException, timeouts: HttpTimeouts): ErrorBody {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT': {
      const s = (ms: number) => `${ms / 1000} s`;
      return {
        error: ErrorCode.RequestTimeout,
        message: `request: not received in time (headers within ${s(timeouts.headersMs)}, the whole body within ${s(timeouts.requestMs)})`,
        statusCode: 408,
      };
    }
    case 'HPE_HEADER_OVERFLOW':
      return { error: ErrorCode.HeadersTooLarge, message: 'headers: larger than 16 KB', statusCode: 431 };
    default:
      return { error: ErrorCode.BadRequest, message: 'request: is not valid HTTP/1.1', statusCode: 400 };
  }
}

/**
 * Fastify's `clientErrorHandler`: errors of a connection no request object exists for yet, or
 * whose request never finished arriving (a body that stalls is cut by Node's `requestTimeout`
 * and lands here). Answered on the raw socket in the same ErrorBody shape, then closed.
 */
export function clientErrorHandler(timeouts: HttpTimeouts) {
  return function onClientError(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const body = clientErrorBody(err, timeouts);
    this.log.debug({ code: err.code, statusCode: body.statusCode }, 'client error');
    // Never write into a response already under way: the peer would read garbage.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const json = JSON.stringify(body);
      socket.write(
        `HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode]}\r\n` +
          'content-type: application/json; charset=utf-8\r\ncache-control: no-store\r\nconnection: close\r\n' +
          `content-length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
      );
    }
    socket.destroy(err);
  };
}

export const errorHandlerPlugin = fp(
  async (fastify) => {
    fastify.setSchemaErrorFormatter(formatValidationErrors);

    fastify.setErrorHandler<FastifyError>((error, request, reply) => {
      const body = toErrorBody(error);
      if (body.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      // @fastify/send puts `Content-Range: bytes */<size>` on a 416 (RFC 9110 §15.5.17).
      const headers = (error as { headers?: Record<string, string> }).headers;
      if (body.statusCode === 416 && headers?.['Content-Range']) {
        reply.header('content-range', headers['Content-Range']);
      }
      return sendErrorBody(reply, body);
    });

    fastify.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!.slice(0, 200);
      return sendErrorBody(reply, {
        error: ErrorCode.NotFound,
        message: `Route ${request.method} ${path} not found`,
        statusCode: 404,
      });
    });
  },
  { name: 'encore-error-handler', fastify: '5.x' },
);
