/**
 * The BFF's shared services, decorated once at the root: the resolved config, the repositories
 * and the hub. The caller of buildApp owns the repositories (main.ts closes the database; tests
 * reuse it), so closing the app does not close them.
 */
import fp from 'fastify-plugin';
import type { EncoreConfig } from '../../config/encore-config';
import type { AccountStore, CatalogueStore, LibraryStore, ShowStore } from '../../store';
import type { Hub } from '../hub/hub';

declare module 'fastify' {
  interface FastifyInstance {
    config: EncoreConfig;
    store: CatalogueStore;
    accounts: AccountStore;
    hub: Hub;
    library: LibraryStore;
    shows: ShowStore;
  }
}

export interface ServicesPluginOptions {
  config: EncoreConfig;
  store: CatalogueStore;
  accounts: AccountStore;
  library: LibraryStore;
  shows: ShowStore;
}

export const servicesPlugin = fp<ServicesPluginOptions>(
  async (fastify, opts) => {
    fastify.decorate('config', Object.freeze({ ...opts.config }));
    fastify.decorate('store', opts.store);
    fastify.decorate('accounts', opts.accounts);
    fastify.decorate('library', opts.library);
    fastify.decorate('shows', opts.shows);
  },
  { name: 'encore-services', fastify: '5.x' },
);
