/**
 * `models quantize` on a whole model directory (an encoder or a causal LM): a copy of it whose
 * ONNX file is the int8 or int4 model and whose resumator.json records how it was made. The copy
 * is assembled in a temporary directory beside the target and renamed into place, so the target
 * never exists half-made.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ResumatorError, UsageError } from '../errors.js';
import { loadCausalLmDirectory } from '../generate/causal-lm-dir.js';
import { loadModelDirectory } from '../model/model-dir.js';
import { modelTask, type ModelTask } from '../model/model-task.js';
import { readOptionalModelJson } from '../model/read-json.js';
import { fileExternalReader } from './external-data.js';
import { quantizationManifest } from './quantization-manifest.js';
import { quantizeOnnx, type QuantizeOptions, type QuantizeStats, type QuantizeType } from './quantize-onnx.js';

export interface QuantizeDirectoryOptions extends Omit<QuantizeOptions, 'file'> {
  /** Replace an existing output directory; without it an existing one is an error. */
  force?: boolean;
  /**
   * Runs on the complete quantized directory (still the hidden temporary copy, `stagedDir`) before it
   * is moved into place, e.g. the agreement check; if it throws, nothing is written and an
   * existing output directory stays as it was. `result` describes the output as it will be.
   */
  beforeCommit?: (stagedDir: string, result: QuantizeResult) => Promise<void>;
}

export interface QuantizeResult {
  /** What the directory holds: decides how agreement is measured. */
  task: ModelTask;
  sourceDir: string;
  outDir: string;
  /** The quantized model file inside outDir. */
  modelFile: string;
  /** The source's model file plus its external data (model.onnx_data), if any. */
  sourceModelBytes: number;
  modelBytes: number;
  /** modelBytes / sourceModelBytes. */
  sizeRatio: number;
  sourceSha256: string;
  sha256: string;
  stats: QuantizeStats;
}

/** The default output directory of `models quantize DIR`: DIR-int8 (or DIR-int4) beside DIR. */
export function defaultQuantizedDir(dir: string, type: QuantizeType = 'int8'): string {
  const trimmed = dir.replace(/[\\/]+$/, '');
  return `${trimmed === '' ? dir : trimmed}-${type}`;
}

/**
 * Writes a quantized copy (int8 by default, `type: 'int4'` for MatMulNBits) of the model
 * directory `srcDir` to `outDir`. This is the TypeScript entry point benchmarks reuse; it does
 * not check agreement itself (pass `beforeCommit`, as `models quantize` does).
 *
 * @throws ModelError when srcDir is not a model directory or its model cannot be quantized;
 *   UsageError when outDir exists (without force), equals srcDir or lies inside it.
 * @example
 * const result = await quantizeModelDirectory('models/qwen2.5-0.5b', 'models/qwen2.5-0.5b-int4', { type: 'int4' });
 * result.sizeRatio; // about 0.12 against float32
 */
export async function quantizeModelDirectory(srcDir: string, outDir: string, options: QuantizeDirectoryOptions = {}): Promise<QuantizeResult> {
  const task = await modelTask(srcDir);
  const modelFile = task === 'causal-lm' ? (await loadCausalLmDirectory(srcDir)).modelFile : (await loadModelDirectory(srcDir)).modelFile;
  await checkTarget(srcDir, outDir, options.force === true);
  const source = await readFile(modelFile);
  const { bytes, stats, externalFiles } = quantizeOnnx(source, { ...options, file: modelFile, readExternal: fileExternalReader(modelFile) });
  // The source's model file and its external data (now inside the quantized model) are not copied.
  const externalPaths = externalFiles.map((f) => path.join(path.dirname(modelFile), f));
  const skipped = new Set([modelFile, ...externalPaths].map((f) => path.resolve(f)));
  const relativeModel = path.relative(srcDir, modelFile);
  let sourceModelBytes = source.length;
  for (const file of externalPaths) sourceModelBytes += (await stat(file)).size;
  const sourceSha256 = sha256(source);
  const temp = path.join(path.dirname(path.resolve(outDir)), `.${path.basename(path.resolve(outDir))}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const result: QuantizeResult = {
    task,
    sourceDir: srcDir,
    outDir,
    modelFile: path.join(outDir, relativeModel),
    sourceModelBytes,
    modelBytes: bytes.length,
    sizeRatio: bytes.length / sourceModelBytes,
    sourceSha256,
    sha256: sha256(bytes),
    stats,
  };
  try {
    await cp(srcDir, temp, { recursive: true, filter: (from) => !skipped.has(path.resolve(from)) });
    await writeFile(path.join(temp, relativeModel), bytes);
    const manifestFile = path.join(temp, 'resumator.json');
    const manifest = (await readOptionalModelJson(manifestFile)) ?? {};
    if (typeof manifest['name'] === 'string') manifest['name'] = `${manifest['name']}-${stats.type}`;
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
 * leaves `dir` as it was): what `models convert --quantize int8|int4` runs on its staging directory.
 */
export async function quantizeDirectoryInPlace(dir: string, options: Omit<QuantizeDirectoryOptions, 'force'> = {}): Promise<QuantizeResult> {
  const temp = `${dir.replace(/[\\/]+$/, '')}.${options.type ?? 'int8'}-${randomBytes(4).toString('hex')}`;
  const result = await quantizeModelDirectory(dir, temp, options);
  const old = `${temp}.fp32`;
  await rename(dir, old);
  await rename(temp, dir);
  await rm(old, { recursive: true, force: true });
  return { ...result, sourceDir: dir, outDir: dir, modelFile: path.join(dir, path.relative(temp, result.modelFile)) };
}
