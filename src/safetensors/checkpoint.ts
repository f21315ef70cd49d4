/**
 * The weights of a Hugging Face checkpoint directory: `model.safetensors`, or shards listed by
 * `model.safetensors.index.json` (its `weight_map` maps each tensor to its shard file).
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { ModelError } from '../errors.js';
import { readModelJson } from '../model/read-json.js';
import type { WeightStore } from '../onnx/weights.js';
import { SafetensorsFile } from './safetensors-file.js';

export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

/** Buffers such as position_ids, never weights; float8 and other float dtypes still fail loudly when read. */
const INTEGER_DTYPES: readonly string[] = ['BOOL', 'U8', 'I8', 'I16', 'U16', 'I32', 'U32', 'I64', 'U64'];

/** A tensor and the open file holding it. */
export interface CheckpointTensor {
  name: string;
  dtype: string;
  shape: number[];
  source: SafetensorsFile;
}

export interface Checkpoint {
  dir: string;
  /** The weight files read, relative to `dir`: the single file, or the index then each shard. */
  files: string[];
  /** Every tensor, in file order. */
  tensors: Map<string, CheckpointTensor>;
  /**
   * Reads every floating-point tensor that `keep` accepts into float32. Integer tensors (the
   * int64 `position_ids` buffer of older checkpoints) are not weights and are skipped.
   */
  loadWeights(keep?: (name: string) => boolean): Promise<WeightStore>;
  close(): Promise<void>;
}

/**
 * Opens the safetensors weights of `dir`, validating every header.
 *
 * @example
 * const ckpt = await openCheckpoint('all-MiniLM-L6-v2');
 * const weights = await ckpt.loadWeights();
 * await ckpt.close();
 */
export async function openCheckpoint(dir: string): Promise<Checkpoint> {
  const single = path.join(dir, SINGLE_FILE);
  const index = path.join(dir, INDEX_FILE);
  if (await exists(single)) return fromFiles(dir, [SINGLE_FILE], [await SafetensorsFile.open(single)], undefined);
  if (await exists(index)) return openSharded(dir, index);
  const bin = (await exists(path.join(dir, 'pytorch_model.bin'))) ? ' (pytorch_model.bin is present, but resumator reads only safetensors weights)' : '';
  throw new ModelError(`no weights found: expected ${SINGLE_FILE} or ${INDEX_FILE}${bin}`, dir);
}

async function openSharded(dir: string, indexFile: string): Promise<Checkpoint> {
  const weightMap = (await readModelJson(indexFile))['weight_map'];
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw new ModelError("'weight_map' must be an object mapping tensor names to shard files", indexFile);
  }
  const shardOf = new Map<string, string>();
  for (const [tensor, shard] of Object.entries(weightMap as Record<string, unknown>)) {
    // A shard name is a plain file name beside the index: never a path that could leave the directory.
    if (typeof shard !== 'string' || shard === '' || shard !== path.basename(shard) || shard === '.' || shard === '..') {
      throw new ModelError(`weight_map entry '${tensor}' names an invalid shard file ${JSON.stringify(shard)}`, indexFile);
    }
    shardOf.set(tensor, shard);
  }
  const shardNames = [...new Set(shardOf.values())];
  if (shardNames.length === 0) throw new ModelError("'weight_map' lists no tensors", indexFile);
  const opened: SafetensorsFile[] = [];
  try {
    for (const shard of shardNames) opened.push(await SafetensorsFile.open(path.join(dir, shard)));
  } catch (err) {
    await Promise.all(opened.map((f) => f.close()));
    throw err;
  }
  return fromFiles(dir, [INDEX_FILE, ...shardNames], opened, { shardOf, shardNames, indexFile });
}

function fromFiles(
  dir: string,
  files: string[],
  opened: SafetensorsFile[],
  sharding: { shardOf: Map<string, string>; shardNames: string[]; indexFile: string } | undefined,
): Checkpoint {
  const tensors = new Map<string, CheckpointTensor>();
  const close = async (): Promise<void> => {
    await Promise.all(opened.map((f) => f.close()));
  };
  if (sharding === undefined) {
    const [file] = opened as [SafetensorsFile];
    for (const entry of file.header.tensors.values()) tensors.set(entry.name, { ...pick(entry), source: file });
  } else {
    for (const [tensor, shard] of sharding.shardOf) {
      const file = opened[sharding.shardNames.indexOf(shard)] as SafetensorsFile;
      const entry = file.header.tensors.get(tensor);
      if (entry === undefined) {
        void close();
        throw new ModelError(`the index maps tensor '${tensor}' to ${shard}, which does not contain it`, sharding.indexFile);
      }
      tensors.set(tensor, { ...pick(entry), source: file });
    }
  }
  return {
    dir,
    files,
    tensors,
    close,
    async loadWeights(keep = () => true): Promise<WeightStore> {
      const store: WeightStore = new Map();
      for (const tensor of tensors.values()) {
        if (INTEGER_DTYPES.includes(tensor.dtype) || !keep(tensor.name)) continue;
        store.set(tensor.name, { dims: [...tensor.shape], data: await tensor.source.readFloat32(tensor.name) });
      }
      return store;
    },
  };
}

function pick(entry: { name: string; dtype: string; shape: number[] }): { name: string; dtype: string; shape: number[] } {
  return { name: entry.name, dtype: entry.dtype, shape: entry.shape };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
