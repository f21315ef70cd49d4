/**
 * Where the vector store is: a libpq-style URL (`postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=…`)
 * and the schema that holds resumator's tables. Whatever the URL leaves out comes from the libpq
 * environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE) and
 * ~/.pgpass, as node-postgres reads them; `postgres://` alone takes everything from there.
 */
import { UsageError } from '../errors.js';
import { redactStoreUrl } from './store-url.js';

export const DEFAULT_STORE_SCHEMA = 'resumator';

/** Column type of stored vectors: float32 (`vector`) or float16 (`halfvec`, half the size). */
export type VectorType = 'vector' | 'halfvec';
export const VECTOR_TYPES: readonly VectorType[] = ['vector', 'halfvec'];

/** What commands need to reach a store. */
export interface StoreSettings {
  /** postgres:// or postgresql:// URL; may hold TLS parameters (sslmode, sslrootcert, …). */
  url: string;
  /** Schema of resumator's tables; one schema holds vectors of one dimension. */
  schema: string;
  /** Column type when this run creates the tables (default vector); an existing store keeps its own. */
  type?: VectorType;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Checks the URL's scheme and the schema name, before anything connects. */
export function checkStoreSettings(settings: StoreSettings): void {
  if (!/^postgres(ql)?:\/\//i.test(settings.url)) {
    throw new UsageError(`--store must be a postgres:// URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE), got '${redactStoreUrl(settings.url)}'`);
  }
  if (!SCHEMA_NAME.test(settings.schema)) {
    throw new UsageError(`--store-schema must be a plain SQL name (letters, digits, _; not starting with a digit; at most 63), got '${settings.schema}'`);
  }
}
