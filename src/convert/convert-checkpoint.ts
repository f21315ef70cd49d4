/**
 * `resumator models convert`: a Hugging Face / sentence-transformers safetensors checkpoint in,
 * a model directory that `score` loads out (model.onnx, the tokenizer and sentence-transformers
 * files, resumator.json recording the source and its hashes). No Python involved.
 */
import { readFileSync } from 'node:fs';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ModelError, UsageError } from '../errors.js';
import { assertNotLfsPointer, readModelJson } from '../model/read-json.js';
import { openCheckpoint } from '../safetensors/checkpoint.js';
import type { ArchitectureInput, BuiltGraph } from '../architectures/architecture.js';
import { chooseArchitecture, type ArchitectureChoice } from '../architectures/registry.js';
import { copySourceFile, hashSourceFile, listKeptFiles, type SourceFile } from './source-files.js';
import { checkTarget, withStagingDir, writeError } from './staging-dir.js';
import { EXTERNAL_DATA_FILE, writeSerializedModel } from './write-model.js';

export const WEIGHT_DTYPES = ['f32', 'f16'] as const;
export type WeightDtype = (typeof WEIGHT_DTYPES)[number];

/**
 * Above this many initializer bytes the weights go to external data: protobuf cannot encode a
 * message past 2 GiB, and the graph itself needs some headroom.
 */
export const EXTERNAL_DATA_THRESHOLD = 1.8e9;

export interface ConvertOptions {
  /** Weight storage: 'f32' (default) or 'f16' (half the size; matrices cast to float in the graph). */
  dtype?: WeightDtype;
  /**
   * Emit onnxruntime's fused contrib operators (Attention, SkipLayerNormalization, BiasGelu)
   * instead of standard ONNX operators. Same outputs within float32 rounding; measured no faster
   * on the benchmark machine (docs/benchmarks.md), so standard operators, which every ONNX
   * runtime loads, are the default.
   */
  fusedOps?: boolean;
  /** Force ONNX external data (model.onnx_data) even for small models. */
  externalData?: boolean;
  /** Matryoshka dims to record in resumator.json, each at most the hidden size. */
  matryoshkaDims?: readonly number[];
  /** Display name recorded in resumator.json (default: the checkpoint folder's name). */
  name?: string;
  /** Replace an existing output directory. */
  force?: boolean;
  /** The source recorded in resumator.json (default: the checkpoint's absolute path), e.g. 'owner/repo@rev'. */
  source?: string;
  /**
   * Runs on the complete model directory (still the hidden staging copy) before it is moved into
   * place, e.g. int8 quantization; if it throws, nothing is kept.
   */
  beforeCommit?: (stagingDir: string) => Promise<void>;
}

export interface ConvertResult {
  outDir: string;
  name: string;
  architecture: string;
  dtype: WeightDtype;
  externalData: boolean;
  outputs: readonly string[];
  hiddenSize: number;
  /** Files written, relative to outDir, with their sizes. */
  files: Array<{ path: string; bytes: number }>;
}

/** `<SRC_DIR>-onnx` beside the checkpoint: the default OUT_DIR, leaving the checkpoint untouched. */
export function defaultOutputDir(srcDir: string): string {
  return `${path.resolve(srcDir)}-onnx`;
}

/**
 * Converts the checkpoint in `srcDir` into a model directory at `outDir`, atomically: on any
 * failure nothing is left at `outDir` or beside it.
 *
 * @example
 * const result = await convertCheckpoint('all-MiniLM-L6-v2', 'models/minilm', { dtype: 'f16' });
 * result.architecture; // 'BertModel'
 */
export async function convertCheckpoint(srcDir: string, outDir: string, options: ConvertOptions = {}): Promise<ConvertResult> {
  const src = path.resolve(srcDir);
  const force = options.force === true;
  const dtype = options.dtype ?? 'f32';
  if ((await stat(src).catch(() => undefined))?.isDirectory() !== true) {
    throw new ModelError('checkpoint directory not found (expected config.json, tokenizer.json and model.safetensors inside)', srcDir);
  }
  await checkTarget(outDir, force);
  const configFile = path.join(src, 'config.json');
  const config = await readModelJson(configFile);
  const tokenizerFile = path.join(src, 'tokenizer.json');
  if (!(await exists(tokenizerFile))) throw new ModelError('tokenizer.json not found (a Hugging Face fast-tokenizer file is required)', tokenizerFile);
  const kept = await listKeptFiles(src, await readOptionalJson(path.join(src, 'modules.json')));
  // Before the slow part: a pointer among the small files fails now, not after the graph is built.
  for (const rel of kept) await assertNotLfsPointer(path.join(src, rel));
  const checkpoint = await openCheckpoint(src);
  try {
    const weightsFile = path.join(src, checkpoint.files[0] as string);
    const choice = chooseArchitecture(config, new Set(checkpoint.tensors.keys()), { config: configFile, weights: weightsFile });
    const weights = await checkpoint.loadWeights(choice.keep);
    const built = buildGraph(choice, { config, configFile, weights, prefix: choice.prefix, fused: options.fusedOps === true }, weightsFile);
    const matryoshkaDims = checkMatryoshkaDims(options.matryoshkaDims, built.hiddenSize);
    const serialized = built.graph.serialize({
      float16Weights: dtype === 'f16',
      externalData: { location: EXTERNAL_DATA_FILE, whenLargerThan: options.externalData === true ? 0 : EXTERNAL_DATA_THRESHOLD },
    });
    const name = options.name ?? path.basename(src);
    return await withStagingDir(outDir, force, async (staging) => {
      const files = await writeSerializedModel(staging, serialized);
      const sources: SourceFile[] = [];
      for (const rel of kept) sources.push(await copySourceFile(src, staging, rel));
      for (const rel of checkpoint.files) sources.push(await hashSourceFile(src, rel));
      for (const rel of kept) files.push({ path: rel, bytes: (sources.find((s) => s.path === rel) as SourceFile).bytes });
      const manifest = {
        name,
        architecture: choice.architecture.name,
        dtype,
        operators: options.fusedOps === true ? 'onnxruntime-fused' : 'standard',
        external_data: serialized.external !== undefined,
        outputs: built.outputs,
        ...(matryoshkaDims === undefined ? {} : { matryoshka_dims: matryoshkaDims }),
        ...built.manifest,
        converter: `resumator ${packageVersion()}`,
        source: { location: options.source ?? src, files: sources },
      };
      const text = `${JSON.stringify(manifest, null, 2)}\n`;
      const manifestFile = path.join(staging, 'resumator.json');
      await writeFile(manifestFile, text).catch((err: unknown) => {
        throw writeError(err, manifestFile);
      });
      files.push({ path: 'resumator.json', bytes: Buffer.byteLength(text) });
      if (options.beforeCommit !== undefined) await options.beforeCommit(staging);
      return {
        outDir: path.resolve(outDir),
        name,
        architecture: choice.architecture.name,
        dtype,
        externalData: serialized.external !== undefined,
        outputs: built.outputs,
        hiddenSize: built.hiddenSize,
        files,
      };
    });
  } finally {
    await checkpoint.close();
  }
}

/** Graph builders report missing or misshapen tensors without a file; the checkpoint is that file. */
function buildGraph(choice: ArchitectureChoice, input: ArchitectureInput, weightsFile: string): BuiltGraph {
  try {
    return choice.architecture.build(input);
  } catch (err) {
    if (err instanceof ModelError && err.file === undefined) throw new ModelError(err.message, weightsFile);
    throw err;
  }
}

function checkMatryoshkaDims(dims: readonly number[] | undefined, hiddenSize: number): number[] | undefined {
  if (dims === undefined || dims.length === 0) return undefined;
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 1 || d > hiddenSize) {
      throw new UsageError(`--matryoshka-dims: ${d} is not between 1 and the model's hidden size ${hiddenSize}`);
    }
  }
  if (new Set(dims).size !== dims.length) throw new UsageError(`--matryoshka-dims: ${dims.join(',')} repeats a dimension`);
  return [...dims];
}

/** modules.json is a JSON array, which readModelJson (objects only) refuses. */
async function readOptionalJson(file: string): Promise<unknown> {
  if (!(await exists(file))) return undefined;
  await assertNotLfsPointer(file);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    throw new ModelError(`invalid JSON: ${(err as Error).message}`, file);
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

let version: string | undefined;
function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
