/**
 * GET /media/*: DASH manifests, segments, progressive files and artwork from the media dir.
 *
 * Everything here is content-addressed (tracks/<contentHash>/…, art/<hash>/…), so it is cached
 * for a year as immutable. Only those two trees and known media extensions are served: the
 * ingest's `.tmp` scratch dir, dotfiles and anything else in the data dir never are. Range
 * requests (Shaka fetches segments by range on some devices) get 206 or 416 from @fastify/send.
 */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { SERVER_DEFAULTS } from '../server-defaults';

/** Types Shaka and TV media stacks expect; `mime` would call .m4s `video/iso.segment`. */
export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.mpd': 'application/dash+xml',
  '.m4s': 'audio/mp4',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

/** One path segment: no dot first (dotfiles, `.tmp`, `..`), no separators, no NUL or `%`. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Whether a normalised request path (`/tracks/<hash>/manifest.mpd`) may be served at all. */
export function isServableMediaPath(pathName: string): boolean {
  const segments = pathName.split('/');
  // ['', 'tracks'|'art', <hash>, …file]
  if (segments[0] !== '' || (segments[1] !== 'tracks' && segments[1] !== 'art')) return false;
  if (segments.length < 4) return false;
  for (const s of segments.slice(1)) if (!SEGMENT.test(s)) return false;
  return Object.hasOwn(MEDIA_TYPES, path.extname(pathName).toLowerCase());
}

export interface MediaRoutesOptions {
  mediaDir: string;
}

export const mediaRoutes: FastifyPluginAsync<MediaRoutesOptions> = async (fastify, opts) => {
  await fastify.register(fastifyStatic, {
    root: path.resolve(opts.mediaDir),
    prefix: '/media/',
    // The app registration is the one that may decorate; media never needs reply.sendFile.
    decorateReply: false,
    index: false,
    redirect: false,
    dotfiles: 'ignore',
    serveDotFiles: false,
    acceptRanges: true,
    cacheControl: false,
    allowedPath: (pathName) => isServableMediaPath(pathName),
    setHeaders: (reply: FastifyReply, filePath: string) => {
      const type = MEDIA_TYPES[path.extname(filePath).toLowerCase()];
      if (type) reply.header('content-type', type);
      reply.header('cache-control', SERVER_DEFAULTS.cacheControl.media);
    },
  });
};
