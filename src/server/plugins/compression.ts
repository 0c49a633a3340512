/**
 * Response compression for everything not already encoded: Brotli preferred, then gzip, else
 * identity. Cached catalogue screens arrive pre-compressed (plugins/caching.ts) and pass through
 * untouched; this covers the rest (health, the remote page, manifests). Must be registered before
 * @fastify/static so its hook sees file streams.
 */
import compress from '@fastify/compress';
import fp from 'fastify-plugin';
import { SERVER_DEFAULTS } from '../server-defaults';

export const compressionPlugin = fp(
  async (fastify) => {
    await fastify.register(compress, {
      global: true,
      encodings: ['br', 'gzip', 'identity'],
      threshold: SERVER_DEFAULTS.compression.thresholdBytes,
      // Request bodies are tiny JSON (plays); nothing to gain from accepting compressed ones.
      globalDecompression: false,
    });
  },
  { name: 'encore-compression', fastify: '5.x' },
);
