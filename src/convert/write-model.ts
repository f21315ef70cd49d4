/**
 * Writes a serialised ONNX model: model.onnx and, for external data, its data file. Chunks are
 * written at their offsets one by one, so the data never has to sit in one buffer (models past
 * 2 GB would not fit in one).
 */
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SerializedModel } from '../onnx/graph-builder.js';
import { writeError } from './staging-dir.js';

export const MODEL_FILE = 'model.onnx';
export const EXTERNAL_DATA_FILE = 'model.onnx_data';

/** Largest single write: fs writes of 2 GiB or more fail on some platforms. */
const WRITE_CHUNK = 1 << 30;

/**
 * Writes `model` into `dir`; returns the relative paths written with their sizes.
 *
 * @example
 * await writeSerializedModel(dir, graph.serialize({ externalData: { location: EXTERNAL_DATA_FILE } }));
 */
export async function writeSerializedModel(dir: string, model: SerializedModel): Promise<Array<{ path: string; bytes: number }>> {
  const modelFile = path.join(dir, MODEL_FILE);
  await writeFile(modelFile, model.model).catch((err: unknown) => {
    throw writeError(err, modelFile);
  });
  const written = [{ path: MODEL_FILE, bytes: model.model.byteLength }];
  if (model.external !== undefined) {
    await writeChunks(path.join(dir, model.external.location), model.external.chunks);
    written.push({ path: model.external.location, bytes: model.external.byteLength });
  }
  return written;
}

/** Writes each chunk at its offset; the gaps (alignment padding) read back as zeros. */
export async function writeChunks(file: string, chunks: ReadonlyArray<{ offset: number; bytes: Uint8Array }>): Promise<void> {
  try {
    const handle = await open(file, 'w');
    try {
      for (const { offset, bytes } of chunks) {
        for (let done = 0; done < bytes.byteLength; ) {
          const length = Math.min(WRITE_CHUNK, bytes.byteLength - done);
          const { bytesWritten } = await handle.write(bytes, done, length, offset + done);
          done += bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw writeError(err, file);
  }
}
