/**
 * GET /api/v1/hub: the household WebSocket hub (hub/hub.ts). The upgrade goes through normal
 * routing, so the Host check runs first; upgrades are limited per client IP; the Origin is
 * checked (a browser always sends one; a non-browser client may omit it and still needs a token);
 * the token comes in Sec-WebSocket-Protocol or a first `auth` message, never in the URL.
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import { AuthPath, HUB_MAX_MESSAGE_BYTES, HUB_SUBPROTOCOL } from '../../protocol';
import { RateLimitedError } from '../errors';
import { TokenBucketLimiter } from '../http/token-bucket-limiter';

export interface HubRoutesOptions {
  /** config.corsOrigins: the packaged apps' file:// origins and configured ones. */
  origins: readonly string[];
}

export function originAllowed(origin: string | undefined, host: string, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export const hubRoutes: FastifyPluginAsync<HubRoutesOptions> = async (fastify, opts) => {
  await fastify.register(websocket, {
    options: {
      maxPayload: HUB_MAX_MESSAGE_BYTES,
      // Only the protocol name is echoed; the bearer entry is a carrier, never selected.
      handleProtocols: (protocols) => (protocols.has(HUB_SUBPROTOCOL) ? HUB_SUBPROTOCOL : false),
    },
    // Closing the BFF closes every socket with 1001 (the hub does it) before the server stops.
    preClose: async () => fastify.hub.close(),
    // The plugin's default handler terminates the socket on any error. For a frame over
    // maxPayload ws has already sent the 1009 close frame and goes on reading (and dropping) the
    // rest of the frame until the client closes (or its 30 s close timer ends it). Terminating
    // instead closed the connection with that rest unread, the kernel answered the client's next
    // bytes with a reset, and Chromium, still writing, reported 1006 without reading the close
    // frame. So an error ws is handling (the socket is closing) is left to ws (the hub logs it);
    // only an error thrown by the handler while the socket is open cuts it.
    errorHandler: (err, socket, request) => {
      if (socket.readyState !== socket.OPEN) return;
      request.log.error({ err }, 'hub handler failed');
      socket.terminate();
    },
  });
  const upgrades = new TokenBucketLimiter(fastify.hub.limits.upgradesPerIp);
  fastify.addHook('onClose', async () => upgrades.destroy());

  fastify.get(
    AuthPath.hub(),
    {
      websocket: true,
      onRequest: async (request, reply) => {
        const verdict = upgrades.take(request.ip);
        if (!verdict.allowed) {
          reply.header('retry-after', String(verdict.retryAfterSeconds));
          throw new RateLimitedError(verdict.retryAfterSeconds);
        }
      },
    },
    (socket, request) => {
      fastify.hub.accept(socket, request, originAllowed(request.headers.origin, request.host, opts.origins));
    },
  );
};
