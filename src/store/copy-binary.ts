/**
 * PostgreSQL's binary COPY format for the staging rows of a store write: about 4x less to send
 * and nothing to parse on the server, where text COPY would print and re-parse every float.
 * Layout (PostgreSQL docs, "COPY binary format"): an 11-byte signature, flags and header
 * extension (int32 each), then per row an int16 field count and per field an int32 length and
 * the bytes in the type's binary form; an int16 -1 ends the data.
 */
import os from 'node:os';

/** One row of the staging table `(ord int4, id text, text_hash bytea, truncated bool, embedding vector(D))`. */
export interface StageRow {
  ord: number;
  id: string;
  textHash: Buffer;
  truncated: boolean;
  /** `dim` floats. */
  vector: Float32Array;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const FIELDS = 5;
const LITTLE_ENDIAN_HOST = os.endianness() === 'LE';

/**
 * The COPY data of `rows`, yielded a chunk of `rowsPerChunk` rows at a time so a large write
 * never sits in memory twice.
 *
 * @example
 * await conn.copyFrom('COPY stage FROM STDIN (FORMAT binary)', copyChunks(rows, 384), 'writing');
 */
export function* copyChunks(rows: readonly StageRow[], dim: number, rowsPerChunk = 1000): Generator<Buffer> {
  const header = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(header);
  yield header;
  for (let start = 0; start < rows.length; start += rowsPerChunk) {
    yield encodeRows(rows.slice(start, start + rowsPerChunk), dim);
  }
  yield Buffer.from([0xff, 0xff]);
}

function encodeRows(rows: readonly StageRow[], dim: number): Buffer {
  const vectorBytes = 4 + 4 * dim;
  const ids = rows.map((r) => Buffer.from(r.id, 'utf8'));
  let size = 0;
  rows.forEach((r, i) => {
    size += 2 + (4 + 4) + (4 + ids[i]!.length) + (4 + r.textHash.length) + (4 + 1) + (4 + vectorBytes);
  });
  const out = Buffer.alloc(size);
  let at = 0;
  rows.forEach((row, i) => {
    if (row.vector.length !== dim) throw new Error(`row ${row.id}: ${row.vector.length} floats, expected ${dim}`);
    at = out.writeInt16BE(FIELDS, at);
    at = out.writeInt32BE(4, at);
    at = out.writeInt32BE(row.ord, at);
    const id = ids[i]!;
    at = out.writeInt32BE(id.length, at);
    at += id.copy(out, at);
    at = out.writeInt32BE(row.textHash.length, at);
    at += row.textHash.copy(out, at);
    at = out.writeInt32BE(1, at);
    at = out.writeUInt8(row.truncated ? 1 : 0, at);
    // pgvector's vector_recv: int16 dim, int16 unused (0), then dim float4 in network order.
    at = out.writeInt32BE(vectorBytes, at);
    at = out.writeInt16BE(dim, at);
    at = out.writeInt16BE(0, at);
    const floats = out.subarray(at, at + 4 * dim);
    Buffer.from(row.vector.buffer, row.vector.byteOffset, 4 * dim).copy(floats);
    if (LITTLE_ENDIAN_HOST) floats.swap32();
    at += 4 * dim;
  });
  return out;
}

/** COPY data (binary) of a one-column `text` table, e.g. the ids of a run's scope. */
export function* copyTextColumn(values: readonly string[], rowsPerChunk = 10_000): Generator<Buffer> {
  const header = Buffer.alloc(SIGNATURE.length + 8);
  SIGNATURE.copy(header);
  yield header;
  for (let start = 0; start < values.length; start += rowsPerChunk) {
    const bytes = values.slice(start, start + rowsPerChunk).map((v) => Buffer.from(v, 'utf8'));
    const out = Buffer.alloc(bytes.reduce((n, b) => n + 6 + b.length, 0));
    let at = 0;
    for (const b of bytes) {
      at = out.writeInt16BE(1, at);
      at = out.writeInt32BE(b.length, at);
      at += b.copy(out, at);
    }
    yield out;
  }
  yield Buffer.from([0xff, 0xff]);
}
