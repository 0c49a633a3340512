/**
 * Shaka's errors as the player's EngineError, free of Shaka itself so it is unit-tested in Node:
 * a network failure (unreachable, 5xx, timeout) is transient, a missing or undecodable track is
 * not, and a recoverable error is one Shaka is already handling.
 */
import { isTransientStatus } from './failure';
import type { EngineError } from './media-engine';

/** shaka.util.Error codes and values the player acts on (lib/util/error.js). */
const LOAD_INTERRUPTED = 7000;
const BAD_HTTP_STATUS = 1001;
const HTTP_ERROR = 1002;
const TIMEOUT = 1003;
const SEVERITY_CRITICAL = 2;

interface ShakaErrorShape {
  code?: unknown;
  severity?: unknown;
  data?: unknown;
}

export function toEngineError(e: unknown): EngineError {
  const shape: ShakaErrorShape = typeof e === 'object' && e !== null ? e : {};
  const code = Number(shape.code);
  if (Number.isFinite(code)) {
    // BAD_HTTP_STATUS carries [uri, status, …]: a 404 is this track's media gone, a 503 is not.
    const status = code === BAD_HTTP_STATUS && Array.isArray(shape.data) ? Number(shape.data[1]) : NaN;
    const transient = code === HTTP_ERROR || code === TIMEOUT || (code === BAD_HTTP_STATUS && isTransientStatus(status));
    return {
      code: String(code),
      message: `Shaka error ${code}${Number.isFinite(status) ? ` (HTTP ${status})` : ''}`,
      interrupted: code === LOAD_INTERRUPTED,
      transient,
      critical: shape.severity === undefined || Number(shape.severity) === SEVERITY_CRITICAL,
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { code: e instanceof Error ? e.name : 'Error', message, interrupted: false, transient: false, critical: true };
}
