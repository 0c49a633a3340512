/**
 * The store part: repositories behind interfaces, used by the BFF and the ingest alike. The
 * embedded SQLite database is the default; a PostgreSQL deployment would add a dialect and its
 * migration set here, and the repositories would not change.
 */
import { KyselyAccountStore, type KyselyAccountStoreOptions } from './kysely-account-store';
import { KyselyCatalogueStore, type KyselyCatalogueStoreOptions } from './kysely-catalogue-store';
import { KyselyLibraryStore, type KyselyLibraryStoreOptions } from './kysely-library-store';
import type { LibraryStore } from './library-store';
import { KyselyShowStore } from './kysely-show-store';
import type { ShowStore } from './show-store';
import { KyselyRecentSearchStore } from './kysely-recent-search-store';
import type { RecentSearchStore } from './recent-search-store';
import type { AccountStore } from './account-store';
import type { CatalogueStore } from './catalogue-store';
import { openSqliteDatabase, type SqliteDatabase, type SqliteDatabaseOptions } from './sqlite-database';

export type * from './account-store';
export type * from './catalogue-store';
export type * from './library-store';
export type * from './show-store';
export type * from './recent-search-store';
export { recentSearchKey } from './recent-search-store';

export interface Stores {
  catalogue: CatalogueStore;
  accounts: AccountStore;
  library: LibraryStore;
  shows: ShowStore;
  recentSearches: RecentSearchStore;
  /** Closes the database; the repositories are unusable after it. */
  close(): Promise<void>;
}

export interface SqliteStores extends Stores {
  database: SqliteDatabase;
}

export function openSqliteStores(
  dbPath: string,
  options: SqliteDatabaseOptions & KyselyCatalogueStoreOptions & KyselyAccountStoreOptions & KyselyLibraryStoreOptions = {},
): SqliteStores {
  const database = openSqliteDatabase(dbPath, options);
  return {
    database,
    catalogue: new KyselyCatalogueStore(database.db, options),
    accounts: new KyselyAccountStore(database.db, options),
    library: new KyselyLibraryStore(database.db, options),
    shows: new KyselyShowStore(database.db),
    recentSearches: new KyselyRecentSearchStore(database.db),
    close: () => database.close(),
  };
}
