/**
 * The benchmark's inputs: real resumes and job descriptions from ../shared/data, formatted with
 * resumator's templates and cut to the model's max_seq_length beforehand, so that neither side
 * of a comparison truncates (transformers.js drops the closing special token when it truncates;
 * resumator keeps it) and both embed exactly the same token sequences.
 */
import { loadTexts } from '../src/commands/load-texts.js';
import type { RecordKind } from '../src/input/types.js';
import type { TextTokenizer } from '../src/tokenize/text-tokenizer.js';

export interface BenchTexts {
  label: string;
  texts: string[];
  /** Real tokens of each text, special tokens included. */
  tokenCounts: number[];
}

/** The longest whole-word prefix of `text` that fits without truncation (binary search). */
export function fitToModel(text: string, tokenizer: TextTokenizer): string {
  if (!tokenizer.encode(text).truncated) return text;
  const words = text.split(/(?<=\s)/);
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (tokenizer.encode(words.slice(0, mid).join('')).truncated) hi = mid - 1;
    else lo = mid;
  }
  return words.slice(0, lo).join('').trimEnd();
}

/** Loads the first `limit` records of `file` as fitted texts with their token counts. */
export async function loadBenchTexts(label: string, file: string, kind: RecordKind, limit: number, tokenizer: TextTokenizer): Promise<BenchTexts> {
  const { texts } = await loadTexts(file, { kind });
  const fitted = texts.slice(0, limit).map((t) => fitToModel(t, tokenizer));
  return { label, texts: fitted, tokenCounts: fitted.map((t) => tokenizer.encode(t).ids.length) };
}
