/**
 * The knobs of the lite model (docs/models.md "The lite model"). Every variant gets its own
 * cache directory named by {@link liteVariantId}, so changing a knob never reuses a stale build.
 */
import { UsageError } from '../errors.js';

export type LitePooling = 'mean' | 'sif';
/** drop: punctuation never becomes a token; keep: each punctuation mark is a token of its own. */
export type PunctHandling = 'drop' | 'keep';
/** keep: words with digits (mp3, h1n1) are looked up; drop: they are removed before lookup. */
export type DigitHandling = 'keep' | 'drop';
/** split: "full-stack" -> full, stack; keep: the compound is one token (often unknown). */
export type HyphenHandling = 'split' | 'keep';

export const LITE_POOLINGS: readonly LitePooling[] = ['mean', 'sif'];
export const PUNCT_HANDLINGS: readonly PunctHandling[] = ['drop', 'keep'];
export const DIGIT_HANDLINGS: readonly DigitHandling[] = ['keep', 'drop'];
export const HYPHEN_HANDLINGS: readonly HyphenHandling[] = ['split', 'keep'];

export interface LiteVariant {
  /** How many of the most frequent producible words to keep; 'all' keeps the whole table. */
  vocab: number | 'all';
  pooling: LitePooling;
  /** SIF smoothing a in a / (a + p(w)); used only with pooling 'sif'. */
  sifA: number;
  /** Remove the common component u from every sentence vector: x - (x·u)u. */
  removeCommon: boolean;
  punct: PunctHandling;
  digits: DigitHandling;
  hyphens: HyphenHandling;
}

/**
 * The best variant of the preliminary ESCO measurement (docs/quality.md; to be confirmed by
 * `resumator eval rerank`): SIF a = 1e-3 with common-component removal, as Arora et al. (2017)
 * found for GloVe. 100k words: the whole table (341k) gains only ~0.002 nDCG and ~2 points of
 * token coverage for three times the directory size and four times the load time
 * (docs/models.md).
 */
export const DEFAULT_LITE_VARIANT: Readonly<LiteVariant> = {
  vocab: 100_000,
  pooling: 'sif',
  sifA: 1e-3,
  removeCommon: true,
  punct: 'drop',
  digits: 'keep',
  hyphens: 'split',
};

/** Bumped whenever the builder's output changes for the same variant, to invalidate caches. */
export const LITE_FORMAT_VERSION = 1;

/**
 * A stable, readable name for a variant: the cache directory name and resumator.json `variant`.
 *
 * @example
 * liteVariantId(DEFAULT_LITE_VARIANT); // 'v1-100k-sif0.001-cc-pdrop-dkeep-hsplit'
 */
export function liteVariantId(variant: LiteVariant): string {
  const vocab = variant.vocab === 'all' ? 'all' : variant.vocab % 1000 === 0 ? `${variant.vocab / 1000}k` : String(variant.vocab);
  const pooling = variant.pooling === 'sif' ? `sif${variant.sifA}` : 'mean';
  return [`v${LITE_FORMAT_VERSION}`, vocab, pooling, variant.removeCommon ? 'cc' : 'nocc', `p${variant.punct}`, `d${variant.digits}`, `h${variant.hyphens}`].join('-');
}

/** Checks ranges a type cannot express; throws a UsageError naming the option. */
export function validateLiteVariant(variant: LiteVariant): LiteVariant {
  if (variant.vocab !== 'all' && (!Number.isInteger(variant.vocab) || variant.vocab < 1)) {
    throw new UsageError(`--vocab must be a positive integer or 'all', got ${variant.vocab}`);
  }
  if (!Number.isFinite(variant.sifA) || variant.sifA <= 0) {
    throw new UsageError(`--sif-a must be a positive number (typical: 1e-4 to 1e-2), got ${variant.sifA}`);
  }
  return variant;
}

/**
 * Parses `--vocab`: a positive integer, with an optional k suffix, or 'all'.
 *
 * @example
 * parseVocab('50k'); // 50000
 */
export function parseVocab(value: string): number | 'all' {
  const text = value.trim().toLowerCase();
  if (text === 'all') return 'all';
  const match = /^(\d+)(k?)$/.exec(text);
  const n = match === null ? NaN : Number(match[1]) * (match[2] === 'k' ? 1000 : 1);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--vocab must be a positive integer (e.g. 50000 or 50k) or 'all', got '${value}'`);
  return n;
}
