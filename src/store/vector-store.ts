/**
 * The vector store as the commands see it: an out-of-process VectorIndex that keeps every
 * candidate's and job's vector (keyed by model, id and text hash) and answers "the K nearest
 * of the other kind" for one group at a time. PostgreSQL + pgvector is the implementation;
 * `score` and `embed` talk to this interface only, and without --store never touch it.
 */
import { StoreConnection } from './connection.js';
import { countItems, storedItems, writeItems, type NewItem, type StoredItem } from './items.js';
import { prepareLayout, type ItemKind, type StoreLayout, type VectorType } from './layout.js';
import { storeModelId, type ModelIdentity } from './models.js';
import { NearestSearch, type Neighbour, type NearestOptions } from './nearest.js';
import type { StoreSettings } from './store-settings.js';

export type { StoreSettings };
export type { ItemKind, ModelIdentity, NearestOptions, Neighbour, NewItem, StoredItem, StoreLayout, VectorType };

/** Top K per group: the one thing `score --store` asks of an index. */
export interface NeighbourSearch {
  /** hnsw.ef_search in effect, when searching an HNSW index. */
  readonly efSearch: number | undefined;
  nearest(groupId: string): Promise<Neighbour[]>;
  /** Exact results for the same group, to measure the recall of approximate ones. */
  exact(groupId: string): Promise<Neighbour[]>;
}

export interface VectorStore {
  /** How messages name the store: `postgres://user@host:port/db (schema s)`, never a password. */
  readonly where: string;
  /**
   * Ready for `dim`-wide vectors: pgvector installed, tables created when absent.
   *
   * @throws StoreError when the store holds vectors of another width, or pgvector is missing.
   */
  prepare(dim: number, type?: VectorType): Promise<StoreLayout>;
  /** The model's id in the store (registered on first use). */
  model(identity: ModelIdentity): Promise<number>;
  /** Text hash and truncation flag of each stored id among `ids`. */
  stored(kind: ItemKind, modelId: number, ids: readonly string[]): Promise<Map<string, StoredItem>>;
  /** Upserts in one transaction; returns the rows inserted or changed. */
  write(kind: ItemKind, modelId: number, sourceFile: string, items: readonly NewItem[]): Promise<number>;
  /** Rows of `kind` for the model, and how many of their texts were cut to max_seq_length. */
  count(kind: ItemKind, modelId: number): Promise<{ rows: number; truncated: number }>;
  search(modelId: number, options: NearestOptions): Promise<NeighbourSearch>;
  close(): Promise<void>;
}

/**
 * Connects to the store (one session; statements run one at a time).
 *
 * @example
 * const store = await openVectorStore({ url: process.env.RESUMATOR_STORE!, schema: 'resumator' });
 * try { await store.prepare(384); } finally { await store.close(); }
 */
export async function openVectorStore(settings: StoreSettings, onNotice?: (message: string) => void): Promise<VectorStore> {
  const conn = await StoreConnection.open(settings);
  if (onNotice !== undefined) conn.onNotice(onNotice);
  return new PgVectorStore(conn);
}

class PgVectorStore implements VectorStore {
  private layout: StoreLayout | undefined;

  constructor(private readonly conn: StoreConnection) {}

  get where(): string {
    return this.conn.where;
  }

  async prepare(dim: number, type?: VectorType): Promise<StoreLayout> {
    this.layout = await prepareLayout(this.conn, dim, type);
    return this.layout;
  }

  model(identity: ModelIdentity): Promise<number> {
    return storeModelId(this.conn, this.prepared(), identity);
  }

  stored(kind: ItemKind, modelId: number, ids: readonly string[]): Promise<Map<string, StoredItem>> {
    return storedItems(this.conn, this.prepared(), kind, modelId, ids);
  }

  write(kind: ItemKind, modelId: number, sourceFile: string, items: readonly NewItem[]): Promise<number> {
    return writeItems(this.conn, this.prepared(), kind, modelId, sourceFile, items);
  }

  count(kind: ItemKind, modelId: number): Promise<{ rows: number; truncated: number }> {
    return countItems(this.conn, this.prepared(), kind, modelId);
  }

  search(modelId: number, options: NearestOptions): Promise<NeighbourSearch> {
    return NearestSearch.open(this.conn, this.prepared(), modelId, options);
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  private prepared(): StoreLayout {
    if (this.layout === undefined) throw new Error('VectorStore.prepare() must run first');
    return this.layout;
  }
}
