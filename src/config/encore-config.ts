/**
 * Runtime configuration: defaults in one place, overridden by the environment. Both the BFF and
 * the ingest resolve paths here, so media written by one is found by the other.
 */
import path from 'node:path';

export interface EncoreConfig {
  port: number;
  host: string;
  dataDir: string;
  /** SQLite catalogue file. */
  dbPath: string;
  /** Served under /media/: tracks/<contentHash>/… and art/<hash>/<size>.<fmt>. */
  mediaDir: string;
  /** Built TV app (npm run build), served at /. */
  appDir: string;
  /**
   * Origins other than the BFF's own that may read it from a browser (CORS): always those of the
   * packaged TV apps on file:// (engines send `null` or `file://`), plus ENCORE_CORS_ORIGINS
   * (comma-separated).
   */
  corsOrigins: string[];
  /**
   * Host names the BFF answers to besides localhost and this machine's own names and addresses
   * (ENCORE_HOSTS, comma-separated): a request for any other Host is refused (DNS rebinding).
   */
  hosts: string[];
  /** Key that signs access tokens (made on first start). */
  secretPath: string;
  /** Life of a TV sign-in code (ENCORE_DEVICE_CODE_TTL_S; RFC 8628's example: 600). */
  deviceCodeTtlSeconds: number;
  /** Request timeouts at the edge; HTTP_TIMEOUTS when absent. */
  timeouts?: HttpTimeouts;
  /**
   * Serve the TV app's `*.map` files (ENCORE_SERVE_SOURCE_MAPS=1, for debugging on a TV). Off by
   * default: a source map hands out the whole client source (6.5 MB) to anyone who asks.
   */
  serveSourceMaps?: boolean;
}

export interface HttpTimeouts {
  /** From connection (or the previous response) to the last request header. */
  headersMs: number;
  /** From connection to the last byte of the body: a body that never finishes is cut here. */
  requestMs: number;
}

/**
 * A play report is ~60 bytes and a TV on poor Wi-Fi still sends it in well under a second; these
 * only have to end a stalled or deliberately slow client (slowloris) long before it matters.
 * Responses (media streaming) are not covered: they run as long as the client reads.
 */
export const HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 30_000 };

export const MEDIA_URL_PREFIX = '/media';

export function resolveConfig(env: NodeJS.ProcessEnv = process.env): EncoreConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${env.PORT}"`);
  }
  const dataDir = path.resolve(env.ENCORE_DATA_DIR ?? 'data');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    dbPath: path.join(dataDir, 'encore.db'),
    mediaDir: path.join(dataDir, 'media'),
    appDir: path.resolve(env.ENCORE_APP_DIR ?? 'dist/browser'),
    corsOrigins: [...FILE_APP_ORIGINS, ...parseOrigins(env.ENCORE_CORS_ORIGINS ?? '')],
    hosts: (env.ENCORE_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    secretPath: path.join(dataDir, 'auth-secret.key'),
    deviceCodeTtlSeconds: positiveInt(env.ENCORE_DEVICE_CODE_TTL_S, 600, 'ENCORE_DEVICE_CODE_TTL_S'),
    timeouts: HTTP_TIMEOUTS,
    serveSourceMaps: env.ENCORE_SERVE_SOURCE_MAPS === '1',
  };
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** What a page on file:// sends as Origin: `null` (Chromium by default) or `file://` (Chromium once file access from files is granted, as a packaged app has it; measured here). */
export const FILE_APP_ORIGINS = ['null', 'file://'] as const;

function parseOrigins(list: string): string[] {
  return list
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      let url: URL;
      try {
        url = new URL(o);
      } catch {
        throw new Error(`ENCORE_CORS_ORIGINS: "${o}" is not an origin like http://192.168.1.20:3000`);
      }
      if (url.origin !== o.replace(/\/$/, '')) {
        throw new Error(`ENCORE_CORS_ORIGINS: "${o}" is not an origin (no path, query or fragment): use ${url.origin}`);
      }
      return url.origin;
    });
}

/** Where a track's DASH + progressive files live, relative to the media dir and URL prefix. */
export const trackMediaPath = (contentHash: string) => `tracks/${contentHash}`;
export const artworkMediaPath = (artHash: string) => `art/${artHash}`;
export const MANIFEST_FILE = 'manifest.mpd';
export const PROGRESSIVE_FILE = 'progressive.m4a';
/** A rung's DASH init segment (the ingest's `init-$RepresentationID$.m4s`; the rung is the Representation id). */
export const initSegmentFile = (rung: number) => `init-${rung}.m4s`;
