/**
 * One PostgreSQL session (node-postgres), with every failure turned into a StoreError that
 * names the store without its password. Sessions carry application_name 'resumator', so an
 * operator can find them in pg_stat_activity.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { connectError, queryError } from './store-errors.js';
import { checkStoreSettings, type StoreSettings } from './store-settings.js';
import { describeStore, redactStoreUrl } from './store-url.js';

/** A server that does not answer within this long is reported unreachable. */
const CONNECT_TIMEOUT_MS = 15_000;

export type Row = pg.QueryResultRow;

export class StoreConnection {
  private constructor(
    private readonly client: pg.Client,
    /** `postgres://user@host:port/db (schema s)`: how messages name the store. */
    readonly where: string,
    readonly schema: string,
  ) {}

  /**
   * Connects, or throws a StoreError saying why not (unreachable, login refused, no such
   * database, TLS).
   *
   * @example
   * const conn = await StoreConnection.open({ url: 'postgres://ana@db/hr', schema: 'resumator' });
   */
  static async open(settings: StoreSettings): Promise<StoreConnection> {
    checkStoreSettings(settings);
    let client: pg.Client;
    try {
      client = new pg.Client({ connectionString: settings.url, application_name: 'resumator', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    } catch (err) {
      // The URL's sslrootcert/sslcert/sslkey files are read here, before any connection.
      throw connectError(err, `${redactStoreUrl(settings.url)} (schema ${settings.schema})`);
    }
    const where = describeStore(client, settings.schema);
    // A connection dropped between statements surfaces as the next statement's error instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw connectError(err, where);
    }
    return new StoreConnection(client, where, settings.schema);
  }

  /**
   * Runs one statement; `doing` completes "failed while …" in the error message, or
   * `describe` turns the server's error into a more specific one.
   */
  async query<R extends Row = Row>(sql: string, params: readonly unknown[], doing: string, describe?: (err: unknown) => Error): Promise<pg.QueryResult<R>> {
    try {
      return await this.client.query<R>(sql, params as unknown[]);
    } catch (err) {
      throw describe?.(err) ?? queryError(err, this.where, doing);
    }
  }

  /**
   * Runs `body` inside BEGIN … COMMIT; any failure rolls back, so nothing of it is visible
   * to other sessions unless all of it is. A process killed inside leaves nothing either:
   * the server rolls back a transaction whose client went away.
   */
  async transaction<T>(doing: string, body: () => Promise<T>): Promise<T> {
    await this.query('BEGIN', [], doing);
    try {
      const result = await body();
      await this.query('COMMIT', [], doing);
      return result;
    } catch (err) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** Streams `chunks` (binary COPY data) into `COPY … FROM STDIN`. */
  async copyFrom(sql: string, chunks: Iterable<Buffer>, doing: string): Promise<void> {
    try {
      await pipeline(Readable.from(chunks, { objectMode: false }), this.client.query(copyStreams.from(sql)));
    } catch (err) {
      throw queryError(err, this.where, doing);
    }
  }

  /**
   * Passes the server's NOTICE messages (e.g. pgvector's advice during an index build) to
   * `handler`, except the "already exists, skipping" kind that IF NOT EXISTS statements raise.
   */
  onNotice(handler: (message: string) => void): void {
    this.client.on('notice', (notice) => {
      const message = notice.message ?? String(notice);
      if (!/(already exists|does not exist), skipping$/.test(message)) handler(message);
    });
  }

  /** The server's major version (15 for 15.8), for install hints. */
  async serverMajor(): Promise<number | undefined> {
    const row = (await this.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`, [], 'reading the server version')).rows[0];
    return row === undefined ? undefined : Math.floor(Number(row.v) / 10000);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
