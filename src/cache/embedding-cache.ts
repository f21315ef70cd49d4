/**
 * The persistent embedding store: native-dimension float32 vectors (little-endian BLOBs) keyed
 * by content (cache-key.ts), in an SQLite file shared safely by concurrent processes (WAL,
 * busy timeout, INSERT OR IGNORE inside transactions: two writers of one key write the same
 * bytes, so whichever lands first is right).
 *
 * Nothing here throws: after any database failure the cache warns once and behaves as an
 * empty, write-ignoring cache for the rest of the run, so an embedding run never fails or
 * returns a wrong vector because of its cache.
 */
import { openCacheDatabase, describe, isDamage, moveAside, type CacheDatabase } from './cache-database.js';
import { vectorCheck } from './cache-key.js';
import type { FileIdentity, HashMemo } from './model-fingerprint.js';

export interface CachedVector {
  /** Native-dimension, unit-length vector. */
  vector: Float32Array;
  /** Whether the text was cut to max_seq_length when it was embedded. */
  truncated: boolean;
}

export interface NewEntry extends CachedVector {
  key: Buffer;
}

/** SQLite allows 32,766 bound parameters; a few hundred keys per statement is plenty. */
const LOOKUP_CHUNK = 500;

interface EmbeddingRow {
  key: Buffer;
  truncated: number;
  vector: Buffer;
  checksum: Buffer;
}

export class EmbeddingCache {
  private failed = false;

  private constructor(
    readonly file: string,
    private db: CacheDatabase | undefined,
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * Opens (creating when absent) the cache at `file`. Problems become one `warn` call and a
   * cache that finds nothing and stores nothing.
   */
  static open(file: string, warn: (message: string) => void): EmbeddingCache {
    return new EmbeddingCache(file, openCacheDatabase(file, warn), warn);
  }

  /** False when the file could not be opened or failed during this run. */
  get usable(): boolean {
    return this.db !== undefined;
  }

  /** File hashes remembered in the cache database (see model-fingerprint.ts). */
  readonly hashMemo: HashMemo = {
    get: (f: FileIdentity) =>
      this.guard(undefined, (db) => {
        const row = db.prepare('SELECT sha256 FROM file_hashes WHERE path = ? AND size = ? AND mtime_ns = ? AND ino = ?').get(f.path, String(f.size), String(f.mtimeNs), String(f.ino)) as { sha256: string } | undefined;
        return row?.sha256;
      }),
    set: (f: FileIdentity, sha256: string) =>
      this.guard(undefined, (db) => {
        db.prepare('INSERT OR REPLACE INTO file_hashes (path, size, mtime_ns, ino, sha256) VALUES (?, ?, ?, ?, ?)').run(f.path, String(f.size), String(f.mtimeNs), String(f.ino), sha256);
      }),
  };

  /** The native dimension last stored for this model key, if any vector was ever stored. */
  modelDim(modelKey: Buffer): number | undefined {
    return this.guard(undefined, (db) => (db.prepare('SELECT dim FROM models WHERE model_key = ?').get(modelKey) as { dim: number } | undefined)?.dim);
  }

  /**
   * The cached vector of each key (undefined where absent), in `keys` order. A row whose size
   * is not `dim` floats or whose checksum does not match is deleted and reported absent.
   */
  lookup(modelKey: Buffer, keys: readonly Buffer[], dim: number): Array<CachedVector | undefined> {
    const found: Array<CachedVector | undefined> = new Array<CachedVector | undefined>(keys.length).fill(undefined);
    this.guard(undefined, (db) => {
      const positions = new Map<string, number[]>();
      keys.forEach((key, i) => {
        const hex = key.toString('hex');
        positions.set(hex, [...(positions.get(hex) ?? []), i]);
      });
      const unique = [...positions.keys()].map((hex) => Buffer.from(hex, 'hex'));
      const damaged: Buffer[] = [];
      for (let start = 0; start < unique.length; start += LOOKUP_CHUNK) {
        const chunk = unique.slice(start, start + LOOKUP_CHUNK);
        const rows = db
          .prepare(`SELECT key, truncated, vector, checksum FROM embeddings WHERE model_key = ? AND key IN (${chunk.map(() => '?').join(', ')})`)
          .all(modelKey, ...chunk) as EmbeddingRow[];
        for (const row of rows) {
          if (row.vector.byteLength !== dim * 4 || !row.checksum.equals(vectorCheck(row.key, row.vector))) {
            damaged.push(row.key);
            continue;
          }
          // Copy: the BLOB's Buffer may not be 4-byte aligned for a Float32Array view.
          const entry = { vector: new Float32Array(new Uint8Array(row.vector).buffer), truncated: row.truncated !== 0 };
          for (const i of positions.get(row.key.toString('hex')) ?? []) found[i] = entry;
        }
      }
      if (damaged.length > 0) {
        const del = db.prepare('DELETE FROM embeddings WHERE key = ?');
        db.transaction(() => damaged.forEach((key) => del.run(key))).immediate();
      }
    });
    return found;
  }

  /** Adds vectors (one transaction); keys already present are left as they are. */
  store(modelKey: Buffer, model: { name: string; dim: number }, entries: readonly NewEntry[]): void {
    if (entries.length === 0) return;
    this.guard(undefined, (db) => {
      const insert = db.prepare('INSERT OR IGNORE INTO embeddings (key, model_key, truncated, vector, checksum) VALUES (?, ?, ?, ?, ?)');
      db.transaction(() => {
        db.prepare('INSERT INTO models (model_key, name, dim) VALUES (?, ?, ?) ON CONFLICT (model_key) DO UPDATE SET name = excluded.name, dim = excluded.dim').run(modelKey, model.name, model.dim);
        for (const e of entries) {
          const bytes = Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength);
          insert.run(e.key, modelKey, e.truncated ? 1 : 0, bytes, vectorCheck(e.key, bytes));
        }
      }).immediate();
    });
  }

  /**
   * Cached screening results (JSON text) for `keys`, undefined where absent; a row whose
   * checksum does not match its key and text is reported absent (and replaced by the next store).
   */
  lookupResults(keys: readonly Buffer[]): Array<string | undefined> {
    return this.guard(
      keys.map(() => undefined),
      (db) => {
        const get = db.prepare('SELECT result, checksum FROM decisions WHERE key = ?');
        return keys.map((key) => {
          const row = get.get(key) as { result: string; checksum: Buffer } | undefined;
          return row !== undefined && row.checksum.equals(vectorCheck(key, Buffer.from(row.result, 'utf8'))) ? row.result : undefined;
        });
      },
    );
  }

  /** Stores screening results (one transaction), replacing a damaged row of the same key. */
  storeResults(modelKey: Buffer, entries: ReadonlyArray<{ key: Buffer; result: string }>): void {
    if (entries.length === 0) return;
    this.guard(undefined, (db) => {
      const put = db.prepare('INSERT OR REPLACE INTO decisions (key, model_key, result, checksum) VALUES (?, ?, ?, ?)');
      db.transaction(() => entries.forEach((e) => put.run(e.key, modelKey, e.result, vectorCheck(e.key, Buffer.from(e.result, 'utf8'))))).immediate();
    });
  }

  /** Adds to the model's lifetime hit and miss counts shown by `resumator cache stats`. */
  recordUse(modelKey: Buffer, hits: number, misses: number): void {
    this.guard(undefined, (db) => {
      db.prepare('UPDATE models SET hits = hits + ?, misses = misses + ? WHERE model_key = ?').run(hits, misses, modelKey);
    });
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  /** Runs `op` on the open database; any failure disables the cache (one warning) instead. */
  private guard<T>(fallback: T, op: (db: CacheDatabase) => T): T {
    if (this.db === undefined) return fallback;
    try {
      return op(this.db);
    } catch (err) {
      this.disable(err);
      return fallback;
    }
  }

  private disable(err: unknown): void {
    this.close();
    if (this.failed) return;
    this.failed = true;
    let aside: string | undefined;
    if (isDamage(err)) {
      try {
        aside = moveAside(this.file);
      } catch {
        // Left in place: the next run's open will try again.
      }
    }
    const tail = aside === undefined ? '' : `; moved it to ${aside} (the next run starts a fresh cache)`;
    this.warn(`warning: the embedding cache ${this.file} failed (${describe(err)}); continuing without it${tail}`);
  }
}
