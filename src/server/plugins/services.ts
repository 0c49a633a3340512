/**
 * The BFF's shared services, decorated once at the root: the resolved config and the catalogue
 * store. The caller of buildApp owns the store (main.ts closes it; tests reuse it), so closing the
 * app does not close it.
 */
import fp from 'fastify-plugin';
import type { EncoreConfig } from '../../config/encore-config';
import type { CatalogueStore } from '../../store';

declare module 'fastify' {
  interface FastifyInstance {
    config: EncoreConfig;
    store: CatalogueStore;
  }
}

export interface ServicesPluginOptions {
  config: EncoreConfig;
  store: CatalogueStore;
}

export const servicesPlugin = fp<ServicesPluginOptions>(
  async (fastify, opts) => {
    fastify.decorate('config', Object.freeze({ ...opts.config }));
    fastify.decorate('store', opts.store);
  },
  { name: 'encore-services', fastify: '5.x' },
);
