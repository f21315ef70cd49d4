/**
 * The lite model's tokenizer.json: a Hugging Face WordLevel tokenizer whose normalisation and
 * pre-tokenisation follow how the GloVe vectors were trained (lower-cased, accent-free ASCII
 * words; punctuation as separate tokens). Rules, with examples, in docs/models.md.
 */
import type { LiteVariant } from './lite-variant.js';

/** Id 0 pads batches, id 1 stands for every unknown word; both have zero vectors and weight 0. */
export const LITE_PAD = '[PAD]';
export const LITE_UNK = '[UNK]';
export const LITE_FIRST_WORD_ID = 2;

const ALNUM = '[\\p{L}\\p{N}]';
const WORD = `${ALNUM}+`;
const HYPHENATED = `${ALNUM}+(?:-${ALNUM}+)*`;
const PUNCT = '[^\\p{L}\\p{N}\\s]';

/**
 * The token pattern the pre-tokenizer keeps (everything else, whitespace included, is dropped).
 *
 * @example
 * tokenPattern({ ...DEFAULT_LITE_VARIANT, punct: 'keep' }); // '[\p{L}\p{N}]+|[^\p{L}\p{N}\s]'
 */
export function tokenPattern(variant: Pick<LiteVariant, 'punct' | 'hyphens'>): string {
  const word = variant.hyphens === 'keep' ? HYPHENATED : WORD;
  return variant.punct === 'keep' ? `${word}|${PUNCT}` : word;
}

/**
 * Whether the tokenizer of `variant` can ever emit `word`; words it cannot emit are not worth
 * a row of the vector table (e.g. "well-known" when hyphens split, "," when punctuation drops).
 */
export function producibleWord(word: string, variant: Pick<LiteVariant, 'punct' | 'hyphens' | 'digits'>): boolean {
  if (variant.digits === 'drop' && /\p{N}/u.test(word)) return false;
  return new RegExp(`^(?:${tokenPattern(variant)})$`, 'u').test(word);
}

/**
 * Builds tokenizer.json for `words` (ids from {@link LITE_FIRST_WORD_ID} on, in order).
 *
 * Normalisation: NFKD + strip accents (the table has no accented words, so "résumé" finds
 * "resume"), lower-case, possessive 's removed ("company's" -> "company"; the table has no
 * "'s" token), and with digits 'drop' every letter/digit run containing a digit blanked.
 */
export function liteTokenizerJson(words: readonly string[], variant: LiteVariant): Record<string, unknown> {
  const vocab: Record<string, number> = { [LITE_PAD]: 0, [LITE_UNK]: 1 };
  words.forEach((w, i) => {
    vocab[w] = i + LITE_FIRST_WORD_ID;
  });
  const normalizers: Record<string, unknown>[] = [
    { type: 'NFKD' },
    { type: 'StripAccents' },
    { type: 'Lowercase' },
    { type: 'Replace', pattern: { Regex: "(?<=\\p{L})['’]s(?![\\p{L}\\p{N}])" }, content: '' },
  ];
  if (variant.digits === 'drop') normalizers.push({ type: 'Replace', pattern: { Regex: `${ALNUM}*\\p{N}${ALNUM}*` }, content: ' ' });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    // [PAD]/[UNK] are plain vocabulary entries, not added tokens: brackets are split off or
    // dropped by the pre-tokenizer, so text can never produce them by typing "[UNK]".
    added_tokens: [],
    normalizer: { type: 'Sequence', normalizers },
    pre_tokenizer: { type: 'Split', pattern: { Regex: tokenPattern(variant) }, behavior: 'Removed', invert: true },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', vocab, unk_token: LITE_UNK },
  };
}

/** tokenizer_config.json: names the pad/unknown tokens (the JS tokenizer reads unk_token here). */
export function liteTokenizerConfig(maxLength: number): Record<string, unknown> {
  return { tokenizer_class: 'PreTrainedTokenizerFast', pad_token: LITE_PAD, unk_token: LITE_UNK, do_lower_case: true, model_max_length: maxLength };
}
