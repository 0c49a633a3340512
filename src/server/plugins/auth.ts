/**
 * Who is asking, for every request: `request.auth` is the verified access token's identity, or
 * null for a guest. Access control is the token, never the Origin: CORS only decides which web
 * pages may read an answer, and a private route refuses a request without a valid token whatever
 * its Origin says (a sandboxed iframe sends `Origin: null`, the same as a packaged TV app).
 *
 * A request that carries a token which does not verify (expired, forged, signed out) is refused
 * with 401 on every route, public ones too: the client refreshes and retries, rather than
 * silently becoming a guest and losing its profile's screens.
 *
 * The Host header must name this server (localhost, its own names and addresses, ENCORE_HOSTS):
 * a DNS-rebinding page reaches the BFF under the attacker's host name and is refused with 421.
 */
import os from 'node:os';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthContext } from '../auth/access-tokens';
import type { AuthService } from '../auth/auth-service';
import { MisdirectedHostError, UnauthenticatedError } from '../errors';

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService;
    /** preHandler for private routes: 401 unless the request carries a valid token. */
    requireAuth: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export interface AuthPluginOptions {
  service: AuthService;
  /** Extra host names (config.hosts). */
  hosts: readonly string[];
}

/** Names and addresses this machine answers to, lower-case, without brackets. */
export function localHostNames(extra: readonly string[] = []): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', ...extra.map((h) => h.toLowerCase())]);
  const host = os.hostname().toLowerCase();
  names.add(host);
  names.add(`${host}.local`);
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) names.add(a.address.toLowerCase().replace(/%.*$/, ''));
  }
  return names;
}

/** `host:port`, `[v6]:port` → the name alone. */
export function hostNameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end === -1 ? h : h.slice(1, end);
  }
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim());
  return match ? match[1]! : null;
}

export const authPlugin = fp<AuthPluginOptions>(
  async (fastify, opts) => {
    const allowed = localHostNames(opts.hosts);
    fastify.decorate('auth', opts.service);
    fastify.decorateRequest('auth', null);

    // Callback-style: a guest request (no Authorization) passes without a promise per request.
    fastify.addHook('onRequest', (request, reply, done) => {
      const host = request.headers.host;
      const name = host ? hostNameOf(host) : '';
      // `*.localhost` resolves to loopback by RFC 6761 and cannot be rebound.
      if (!allowed.has(name) && !name.endsWith('.localhost')) {
        done(new MisdirectedHostError(name.slice(0, 100) || '(none)'));
        return;
      }
      const token = bearerToken(request.headers.authorization);
      if (token === undefined) {
        done();
        return;
      }
      if (token === null) {
        reply.header('www-authenticate', 'Bearer error="invalid_request"');
        done(new UnauthenticatedError('authorization: must be "Bearer <token>"'));
        return;
      }
      opts.service.authenticate(token).then((result) => {
        if (!result.ok) {
          reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${result.reason}"`);
          done(new UnauthenticatedError(result.reason === 'expired' ? 'the access token expired: refresh it' : 'the access token is not valid: sign in again'));
          return;
        }
        request.auth = result.auth;
        done();
      }, done);
    });

    fastify.decorate('requireAuth', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.auth) return;
      reply.header('www-authenticate', 'Bearer');
      throw new UnauthenticatedError('sign in first: this needs an access token');
    });
  },
  { name: 'encore-auth', fastify: '5.x', dependencies: ['encore-error-handler'] },
);
