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
}

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
  };
}

/** Where a track's DASH + progressive files live, relative to the media dir and URL prefix. */
export const trackMediaPath = (contentHash: string) => `tracks/${contentHash}`;
export const artworkMediaPath = (artHash: string) => `art/${artHash}`;
export const MANIFEST_FILE = 'manifest.mpd';
export const PROGRESSIVE_FILE = 'progressive.m4a';
