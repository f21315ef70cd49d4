/**
 * The JSON header of a safetensors file, validated against the size of the data area before any
 * tensor is read: a truncated download or a corrupt file must fail with a message naming the
 * tensor, never with a read past the end or a silently short tensor.
 */
import { ModelError } from '../errors.js';

/** Bytes per element of every dtype the safetensors format defines. */
export const DTYPE_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Byte range within the data area (after the 8-byte length and the header). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  tensors: Map<string, TensorEntry>;
  metadata: Record<string, unknown>;
}

/**
 * Parses and validates a header. `dataLength` is the file size minus 8 minus the header length;
 * `file` is named in errors.
 *
 * @example
 * const header = parseSafetensorsHeader(headerBytes, fileSize - 8 - headerBytes.length, 'model.safetensors');
 */
export function parseSafetensorsHeader(bytes: Uint8Array, dataLength: number, file: string): SafetensorsHeader {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new ModelError(`corrupt safetensors header: not valid JSON (${(err as Error).message})`, file);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelError('corrupt safetensors header: expected a JSON object', file);
  }
  const tensors = new Map<string, TensorEntry>();
  let metadata: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ModelError('corrupt safetensors header: __metadata__ must be an object', file);
      metadata = raw as Record<string, unknown>;
      continue;
    }
    tensors.set(name, parseEntry(name, raw, dataLength, file));
  }
  checkNoOverlap([...tensors.values()], file);
  return { tensors, metadata };
}

function parseEntry(name: string, raw: unknown, dataLength: number, file: string): TensorEntry {
  const bad = (problem: string): ModelError => new ModelError(`corrupt safetensors header: tensor '${name}' ${problem}`, file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('is not an object');
  const entry = raw as Record<string, unknown>;
  const dtype = entry['dtype'];
  if (typeof dtype !== 'string') throw bad('has no dtype');
  const size = DTYPE_SIZES[dtype];
  if (size === undefined) throw bad(`has unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(DTYPE_SIZES).join(', ')})`);
  const shape = entry['shape'];
  if (!Array.isArray(shape) || !shape.every(isCount)) throw bad(`has an invalid shape ${JSON.stringify(shape)}`);
  const offsets = entry['data_offsets'];
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw bad(`has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw bad(`has data_offsets [${begin}, ${end}] with begin after end`);
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  const expected = elements * size;
  if (!Number.isSafeInteger(expected)) throw bad(`has an impossibly large shape [${shape.join(', ')}]`);
  if (end - begin !== expected) {
    throw bad(`spans ${end - begin} bytes but ${dtype} [${shape.join(', ')}] needs ${expected}`);
  }
  if (end > dataLength) {
    throw new ModelError(
      `truncated or corrupt safetensors file: tensor '${name}' ends at byte ${end} of the data area but only ${dataLength} bytes are present`,
      file,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Two tensors sharing bytes means a corrupt or hand-crafted header. */
function checkNoOverlap(entries: TensorEntry[], file: string): void {
  const sorted = entries.filter((e) => e.end > e.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as TensorEntry;
    const cur = sorted[i] as TensorEntry;
    if (cur.begin < prev.end) {
      throw new ModelError(`corrupt safetensors header: tensors '${prev.name}' and '${cur.name}' overlap`, file);
    }
  }
}
