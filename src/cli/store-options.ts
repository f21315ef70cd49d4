/** --store, --store-schema, --store-type: shared by score, embed and store (docs/scale.md). */
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { VECTOR_TYPES, type VectorType } from '../store/layout.js';
import { DEFAULT_STORE_SCHEMA, type StoreSettings } from '../store/store-settings.js';

export interface StoreFlags {
  /** The URL; false with --no-store (which overrides RESUMATOR_STORE). */
  store?: string | false;
  storeSchema: string;
  storeType?: VectorType;
}

/**
 * `noStore`: also --no-store, for commands that run without a store too; `type`: also
 * --store-type, for commands that may create the tables.
 */
export function addStoreOptions(command: Command, options: { noStore: boolean; type: boolean } = { noStore: true, type: true }): Command {
  command.addOption(
    new Option('--store <url>', 'vector store: PostgreSQL with pgvector, postgres://USER:PASSWORD@HOST:PORT/DB[?sslmode=...] (what the URL leaves out comes from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ~/.pgpass)').env('RESUMATOR_STORE'),
  );
  if (options.noStore) command.option('--no-store', 'do not use a store even if RESUMATOR_STORE is set');
  command.addOption(new Option('--store-schema <name>', 'schema holding the store tables (one vector width per schema)').env('RESUMATOR_STORE_SCHEMA').default(DEFAULT_STORE_SCHEMA));
  if (options.type) {
    command.addOption(new Option('--store-type <type>', 'column type when the store tables are created: vector (float32) or halfvec (float16, half the size); default vector').choices(VECTOR_TYPES));
  }
  return command;
}

/** The store the flags ask for, or undefined for none. */
export function storeSettings(flags: StoreFlags): StoreSettings | undefined {
  if (flags.store === undefined || flags.store === false) return undefined;
  return { url: flags.store, schema: flags.storeSchema, ...(flags.storeType === undefined ? {} : { type: flags.storeType }) };
}

/** For commands that only make sense with a store. */
export function requireStore(flags: StoreFlags): StoreSettings {
  const settings = storeSettings(flags);
  if (settings === undefined) throw new UsageError('give the store: --store postgres://USER:PASSWORD@HOST:PORT/DB, or set RESUMATOR_STORE');
  return settings;
}
