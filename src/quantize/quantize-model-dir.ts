/**
 * `models quantize` on a whole model directory: a copy of it whose ONNX file is the int8 model
 * and whose resumator.json records how it was made. The copy is assembled in a temporary
 * directory beside the target and renamed into place, so the target never exists half-made.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ResumatorError, UsageError } from '../errors.js';
import { loadModelDirectory } from '../model/model-dir.js';
import { readOptionalModelJson } from '../model/read-json.js';
import { fileExternalReader } from './external-data.js';
import { quantizeOnnx, type QuantizeOptions, type QuantizeStats } from './quantize-onnx.js';

export interface QuantizeDirectoryOptions extends Omit<QuantizeOptions, 'file'> {
  /** Replace an existing output directory; without it an existing one is an error. */
  force?: boolean;
  /**
   * Runs on the complete int8 directory (still the hidden temporary copy, `stagedDir`) before it
   * is moved into place, e.g. the agreement check; if it throws, nothing is written and an
   * existing output directory stays as it was. `result` describes the output as it will be.
   */
  beforeCommit?: (stagedDir: string, result: QuantizeResult) => Promise<void>;
}

export interface QuantizeResult {
  sourceDir: string;
  outDir: string;
  /** The int8 model file inside outDir. */
  modelFile: string;
  sourceModelBytes: number;
  modelBytes: number;
  /** modelBytes / sourceModelBytes. */
  sizeRatio: number;
  sourceSha256: string;
  sha256: string;
  stats: QuantizeStats;
}

/** What resumator.json `quantization` holds in a quantized model directory. */
export interface QuantizationManifest {
  method: 'dynamic';
  weights: 'int8';
  scheme: string;
  activations: string;
  encoding: string;
  matmuls: number;
  embedding_tables: number;
  source_model: string;
  source_model_sha256: string;
}

/**
 * How the weights were quantized, as resumator.json records it. The MatMul rule is what makes a
 * model exact on CPUs without VNNI; models written before it used max|w| / 127.
 */
const SCHEME = 'symmetric, zero point 0; MatMul weights: one scale per output channel, (m1 + m2) / 127 for its two largest magnitudes (no int16 saturation in u8 x s8 kernels); embedding tables: one scale per row, max|w| / 127';

/** The default output directory of `models quantize DIR`: DIR-int8 beside DIR. */
export function defaultQuantizedDir(dir: string): string {
  const trimmed = dir.replace(/[\\/]+$/, '');
  return `${trimmed === '' ? dir : trimmed}-int8`;
}

/**
 * Writes an int8 copy of the model directory `srcDir` to `outDir`.
 *
 * @throws ModelError when srcDir is not a model directory or its model cannot be quantized;
 *   UsageError when outDir exists (without force), equals srcDir or lies inside it.
 * @example
 * const result = await quantizeModelDirectory('models/minilm', 'models/minilm-int8', {});
 * result.sizeRatio; // about 0.26
 */
export async function quantizeModelDirectory(srcDir: string, outDir: string, options: QuantizeDirectoryOptions = {}): Promise<QuantizeResult> {
  const model = await loadModelDirectory(srcDir);
  await checkTarget(srcDir, outDir, options.force === true);
  const source = await readFile(model.modelFile);
  const { bytes, stats, externalFiles } = quantizeOnnx(source, { ...options, file: model.modelFile, readExternal: fileExternalReader(model.modelFile) });
  // The source's model file and its external data (now inside the int8 model) are not copied.
  const skipped = new Set([model.modelFile, ...externalFiles.map((f) => path.join(path.dirname(model.modelFile), f))].map((f) => path.resolve(f)));
  const relativeModel = path.relative(srcDir, model.modelFile);
  const sourceSha256 = sha256(source);
  const temp = path.join(path.dirname(path.resolve(outDir)), `.${path.basename(path.resolve(outDir))}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const result: QuantizeResult = {
    sourceDir: srcDir,
    outDir,
    modelFile: path.join(outDir, relativeModel),
    sourceModelBytes: source.length,
    modelBytes: bytes.length,
    sizeRatio: bytes.length / source.length,
    sourceSha256,
    sha256: sha256(bytes),
    stats,
  };
  try {
    await cp(srcDir, temp, { recursive: true, filter: (from) => !skipped.has(path.resolve(from)) });
    await writeFile(path.join(temp, relativeModel), bytes);
    const manifestFile = path.join(temp, 'resumator.json');
    const manifest = (await readOptionalModelJson(manifestFile)) ?? {};
    if (typeof manifest['name'] === 'string') manifest['name'] = `${manifest['name']}-int8`;
    manifest['quantization'] = quantizationManifest(stats, relativeModel, sourceSha256);
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    if (options.beforeCommit !== undefined) await options.beforeCommit(temp, result);
    await replaceDirectory(temp, outDir);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw ioError(outDir, err);
  }
  return result;
}

function quantizationManifest(stats: QuantizeStats, sourceModel: string, sourceSha256: string): QuantizationManifest {
  return {
    method: 'dynamic',
    weights: 'int8',
    scheme: SCHEME,
    activations: 'uint8, one scale and zero point per tensor, computed at run time',
    encoding: stats.encoding === 'contrib' ? 'com.microsoft.DynamicQuantizeMatMul' : 'DynamicQuantizeLinear + MatMulInteger',
    matmuls: stats.matmuls,
    embedding_tables: stats.embeddingTables,
    source_model: sourceModel.split(path.sep).join('/'),
    source_model_sha256: sourceSha256,
  };
}

async function checkTarget(srcDir: string, outDir: string, force: boolean): Promise<void> {
  const src = path.resolve(srcDir);
  const out = path.resolve(outDir);
  if (out === src || out.startsWith(`${src}${path.sep}`)) {
    throw new UsageError(`output directory '${outDir}' must not be the model directory or lie inside it`);
  }
  const existing = await stat(out).catch(() => undefined);
  if (existing !== undefined && !force) throw new UsageError(`output directory '${outDir}' already exists; pass --force to replace it`);
  if (existing !== undefined && !existing.isDirectory()) throw new UsageError(`output path '${outDir}' exists and is not a directory`);
}

/** Renames `temp` onto `outDir`; an existing outDir (force) is moved aside first, then deleted. */
async function replaceDirectory(temp: string, outDir: string): Promise<void> {
  const exists = await stat(outDir).then(() => true, () => false);
  if (!exists) {
    await rename(temp, outDir);
    return;
  }
  const old = `${temp}.old`;
  await rename(outDir, old);
  await rename(temp, outDir);
  await rm(old, { recursive: true, force: true });
}

function ioError(outDir: string, err: unknown): unknown {
  if (err instanceof ResumatorError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = err instanceof Error ? err.message : String(err);
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR') return new UsageError(`cannot write output directory '${outDir}': ${reason}`);
  return new ResumatorError(`cannot write output directory '${outDir}': ${reason}`);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Quantizes the model directory `dir` in place (through a sibling temp directory, so a failure
 * leaves `dir` as it was): what `models convert --quantize int8` runs on its staging directory.
 */
export async function quantizeDirectoryInPlace(dir: string, options: Omit<QuantizeDirectoryOptions, 'force'> = {}): Promise<QuantizeResult> {
  const temp = `${dir.replace(/[\\/]+$/, '')}.int8-${randomBytes(4).toString('hex')}`;
  const result = await quantizeModelDirectory(dir, temp, options);
  const old = `${temp}.fp32`;
  await rename(dir, old);
  await rename(temp, dir);
  await rm(old, { recursive: true, force: true });
  return { ...result, sourceDir: dir, outDir: dir, modelFile: path.join(dir, path.relative(temp, result.modelFile)) };
}
