/**
 * One safetensors file, read by position from its file descriptor: only the header is held in
 * memory, and each tensor is read when asked for, so checkpoints beyond 2 GB (and beyond one
 * Buffer) work.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ModelError } from '../errors.js';
import { assertNotLfsPointer } from '../model/read-json.js';
import { decodeBfloat16, decodeFloat16 } from '../onnx/float16.js';
import { parseSafetensorsHeader, type SafetensorsHeader, type TensorEntry } from './header.js';

/** The reference implementation's own limit; a larger length is a corrupt file, not a big model. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/** Dtypes read as float32 weights. Integer tensors (position_ids buffers) are not weights. */
export const FLOAT_DTYPES = ['F32', 'F16', 'BF16', 'F64'] as const;

/** Largest single read: fs reads of 2 GiB or more fail on some platforms. */
const READ_CHUNK = 1 << 30;

export class SafetensorsFile {
  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    readonly header: SafetensorsHeader,
    /** File offset where the data area starts. */
    private readonly dataStart: number,
  ) {}

  /**
   * Opens and validates `file`; a ModelError names the file on any problem.
   *
   * @example
   * const st = await SafetensorsFile.open('model.safetensors');
   * const emb = await st.readFloat32('embeddings.word_embeddings.weight');
   * await st.close();
   */
  static async open(file: string): Promise<SafetensorsFile> {
    await assertNotLfsPointer(file);
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ModelError(code === 'ENOENT' ? 'file not found' : `cannot open: ${(err as Error).message}`, file);
    }
    try {
      const size = (await handle.stat()).size;
      if (size < 8) throw new ModelError(`truncated safetensors file: ${size} bytes, too short for the 8-byte header length`, file);
      const lengthBytes = await readExactly(handle, 8, 0, file);
      const headerLength = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 8).getBigUint64(0, true);
      if (headerLength > BigInt(size - 8)) {
        throw new ModelError(`truncated or corrupt safetensors file: header length ${headerLength} exceeds the ${size - 8} bytes after it`, file);
      }
      if (headerLength > BigInt(MAX_HEADER_BYTES) || headerLength < 2n) {
        throw new ModelError(`corrupt safetensors file: header length ${headerLength} is outside 2..${MAX_HEADER_BYTES}`, file);
      }
      const n = Number(headerLength);
      const header = parseSafetensorsHeader(await readExactly(handle, n, 8, file), size - 8 - n, file);
      return new SafetensorsFile(file, handle, header, 8 + n);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Tensor names in header order. */
  get names(): string[] {
    return [...this.header.tensors.keys()];
  }

  entry(name: string): TensorEntry {
    const entry = this.header.tensors.get(name);
    if (entry === undefined) throw new ModelError(`missing tensor '${name}'`, this.file);
    return entry;
  }

  /** Reads a floating-point tensor as float32 (F16/BF16 exactly, F64 rounded). */
  async readFloat32(name: string): Promise<Float32Array> {
    const entry = this.entry(name);
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const length = entry.end - entry.begin;
    const position = this.dataStart + entry.begin;
    switch (entry.dtype) {
      case 'F32': {
        // Read straight into the array's own (aligned) memory: no second copy of big tensors.
        const out = new Float32Array(count);
        await readInto(this.handle, new Uint8Array(out.buffer), position, this.file, name);
        return out;
      }
      case 'F16':
        return decodeFloat16(await this.readBytes(position, length, name), count);
      case 'BF16':
        return decodeBfloat16(await this.readBytes(position, length, name), count);
      case 'F64': {
        const wide = new Float64Array(count);
        await readInto(this.handle, new Uint8Array(wide.buffer), position, this.file, name);
        return Float32Array.from(wide);
      }
      default:
        throw new ModelError(`tensor '${name}' has dtype ${entry.dtype}; weights must be one of ${FLOAT_DTYPES.join(', ')}`, this.file);
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async readBytes(position: number, length: number, name: string): Promise<Uint8Array> {
    const bytes = new Uint8Array(length);
    await readInto(this.handle, bytes, position, this.file, name);
    return bytes;
  }
}

async function readExactly(handle: FileHandle, length: number, position: number, file: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  await readInto(handle, bytes, position, file);
  return bytes;
}

/** Fills `target` from `position`, looping over short reads; a premature end names the tensor. */
async function readInto(handle: FileHandle, target: Uint8Array, position: number, file: string, tensor?: string): Promise<void> {
  let done = 0;
  while (done < target.length) {
    const want = Math.min(READ_CHUNK, target.length - done);
    const { bytesRead } = await handle.read(target, done, want, position + done);
    if (bytesRead === 0) {
      const what = tensor === undefined ? 'header' : `tensor '${tensor}'`;
      throw new ModelError(`truncated safetensors file: unexpected end of file while reading ${what}`, file);
    }
    done += bytesRead;
  }
}
