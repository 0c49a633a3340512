/**
 * Error bodies every route answers with. Codes are stable: clients branch on `error`, humans read
 * `message`. See README "Error codes" for the cause/fix table.
 */
import { Type, type Static } from '@sinclair/typebox';

export const ErrorCode = {
  BadRequest: 'ENCORE_ERR_BAD_REQUEST',
  NotFound: 'ENCORE_ERR_NOT_FOUND',
  PayloadTooLarge: 'ENCORE_ERR_PAYLOAD_TOO_LARGE',
  RangeNotSatisfiable: 'ENCORE_ERR_RANGE',
  TooManyRequests: 'ENCORE_ERR_RATE_LIMITED',
  Unauthenticated: 'ENCORE_ERR_UNAUTHENTICATED',
  Conflict: 'ENCORE_ERR_CONFLICT',
  CodeExpired: 'ENCORE_ERR_CODE_EXPIRED',
  MisdirectedHost: 'ENCORE_ERR_HOST',
  Internal: 'ENCORE_ERR_INTERNAL',
  UnsupportedMediaType: 'ENCORE_ERR_UNSUPPORTED_MEDIA_TYPE',
  RequestTimeout: 'ENCORE_ERR_REQUEST_TIMEOUT',
  HeadersTooLarge: 'ENCORE_ERR_HEADERS_TOO_LARGE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ErrorBody = Type.Object({
  error: Type.String({ description: 'stable ENCORE_ERR_* code' }),
  message: Type.String({ description: 'human readable; names the offending field for 400s' }),
  statusCode: Type.Integer(),
});
export type ErrorBody = Static<typeof ErrorBody>;
