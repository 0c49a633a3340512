/**
 * Checks a remote request against the schemas of remote.ts, for the hub (which relays only valid
 * requests) and the receiver (which trusts nothing it did not check itself). Kept apart from
 * remote.ts so pages that only build requests do not bundle the compiler.
 */
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { MediaStatus, QueueItems, REMOTE_REQUEST_SCHEMAS, RemoteError, type ReceiverMessage, type RemoteError as RemoteErrorT, type RemoteRequest } from './remote';

// Compiled on first use, not at import: the TV app imports this at boot and checks its first
// request only when a phone sends one.
let compiled: { requests: Map<string, TypeCheck<TSchema>>; status: TypeCheck<TSchema>; items: TypeCheck<TSchema>; error: TypeCheck<TSchema> } | null = null;
function checks() {
  compiled ??= {
    requests: new Map(Object.entries(REMOTE_REQUEST_SCHEMAS).map(([type, schema]) => [type, TypeCompiler.Compile(schema)])),
    status: TypeCompiler.Compile(MediaStatus),
    items: TypeCompiler.Compile(QueueItems),
    error: TypeCompiler.Compile(RemoteError),
  };
  return compiled;
}

/** The request id a (possibly invalid) request names, or 0 when it names none usable. */
export function remoteRequestIdOf(msg: unknown): number {
  const id = typeof msg === 'object' && msg !== null ? (msg as { requestId?: unknown }).requestId : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 ? id : 0;
}

function firstError(check: TypeCheck<TSchema>, msg: unknown): string {
  const first = check.Errors(msg).First();
  const field = first?.path.replace(/^\//, '').replace(/\//g, '.') || 'request';
  return `${field}: ${first?.message ?? 'is invalid'}`.slice(0, 200);
}

export type RemoteCheck = { ok: true; request: RemoteRequest } | { ok: false; error: RemoteErrorT };

export function checkRemoteRequest(msg: unknown): RemoteCheck {
  const requestId = remoteRequestIdOf(msg);
  const refuse = (reason: 'INVALID_PARAMS' | 'INVALID_COMMAND', message: string): RemoteCheck => ({
    ok: false,
    error: { type: 'INVALID_REQUEST', requestId, reason, message },
  });
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return refuse('INVALID_COMMAND', 'a request is an object with a "type"');
  const type = (msg as { type?: unknown }).type;
  const check = typeof type === 'string' ? checks().requests.get(type) : undefined;
  if (!check) return refuse('INVALID_COMMAND', `type: ${JSON.stringify(type)?.slice(0, 40) ?? 'missing'} is not a remote request`);
  if (!check.Check(msg)) return refuse('INVALID_PARAMS', firstError(check, msg));
  return { ok: true, request: msg as RemoteRequest };
}

/** A receiver's message, checked before the hub passes it on. */
export function checkReceiverMessage(msg: unknown): { ok: true; message: ReceiverMessage } | { ok: false; message: string } {
  const { status, items, error } = checks();
  if (status.Check(msg) || items.Check(msg) || error.Check(msg)) return { ok: true, message: msg as ReceiverMessage };
  const type = typeof msg === 'object' && msg !== null ? (msg as { type?: unknown }).type : undefined;
  return { ok: false, message: firstError(type === 'MEDIA_STATUS' ? status : type === 'QUEUE_ITEMS' ? items : error, msg) };
}
