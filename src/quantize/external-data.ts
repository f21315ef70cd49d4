/**
 * ONNX external data: initializers whose bytes live in a side file (models over 2 GB must use
 * it). The quantizer reads them into the model, so its int8 output is one self-contained file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { ModelError } from '../errors.js';
import type { IGraphProto, ITensorProto } from '../onnx/proto.js';
import { isExternal } from './onnx-tensors.js';

/** Where one tensor's bytes are: file (relative to the model file), offset and length. */
export interface ExternalRef {
  location: string;
  offset: number;
  length: number | undefined;
}

/** Returns the bytes of one external tensor. */
export type ExternalReader = (ref: ExternalRef, tensor: string) => Uint8Array;

/** Parses an initializer's external_data entries (location, offset, length). */
export function externalRef(tensor: ITensorProto): ExternalRef {
  const entries = new Map((tensor.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
  const num = (key: string): number | undefined => (entries.has(key) ? Number(entries.get(key)) : undefined);
  return { location: entries.get('location') ?? '', offset: num('offset') ?? 0, length: num('length') };
}

/**
 * Replaces every external initializer's reference by its bytes (raw_data).
 * Returns the side files that were read, as written in the model.
 */
export function inlineExternalData(graph: IGraphProto, read: ExternalReader): string[] {
  const files = new Set<string>();
  for (const tensor of graph.initializer ?? []) {
    if (!isExternal(tensor)) continue;
    const ref = externalRef(tensor);
    files.add(ref.location);
    tensor.rawData = read(ref, tensor.name ?? '');
    tensor.externalData = [];
    tensor.dataLocation = 0;
  }
  return [...files];
}

/**
 * A reader of external data files beside `modelFile`. Never trusts the model: the location must
 * stay inside the model's directory, and offset and length must lie within the file.
 */
export function fileExternalReader(modelFile: string): ExternalReader {
  const dir = path.dirname(path.resolve(modelFile));
  return (ref, tensor) => {
    const file = path.resolve(dir, ref.location);
    const where = `initializer '${tensor}' (external data '${ref.location}')`;
    if (ref.location === '' || (file !== dir && !file.startsWith(`${dir}${path.sep}`))) {
      throw new ModelError(`${where}: the location must name a file beside the model`, modelFile);
    }
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      throw new ModelError(`${where}: the external data file is missing`, modelFile);
    }
    try {
      const size = fstatSync(fd).size;
      const length = ref.length ?? size - ref.offset;
      if (!Number.isSafeInteger(ref.offset) || !Number.isSafeInteger(length) || ref.offset < 0 || length < 0 || ref.offset + length > size) {
        throw new ModelError(`${where}: offset ${ref.offset} + length ${length} lies outside the ${size}-byte file (truncated or corrupt)`, modelFile);
      }
      const bytes = new Uint8Array(length);
      for (let done = 0; done < length; ) {
        const n = readSync(fd, bytes, done, length - done, ref.offset + done);
        if (n === 0) throw new ModelError(`${where}: unexpected end of file`, modelFile);
        done += n;
      }
      return bytes;
    } finally {
      closeSync(fd);
    }
  };
}
