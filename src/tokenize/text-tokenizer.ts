/**
 * Tokenization with the model's own tokenizer.json, plus what @huggingface/tokenizers 0.2 leaves
 * out: it ignores tokenizer.json's truncation and padding blocks, so truncation to the model's
 * max_seq_length (special tokens included) happens here, and padding happens in batch.ts.
 */
import { readFile } from 'node:fs/promises';
import { Tokenizer } from '@huggingface/tokenizers';
import { ModelError } from '../errors.js';

export interface Encoded {
  ids: number[];
  /** True when the content was cut to fit max_seq_length. */
  truncated: boolean;
}

/** A text pair for a cross-encoder: ids and the segment (token type) of each token. */
export interface PairEncoded extends Encoded {
  typeIds: number[];
}

/** Where the special tokens of a single-sequence encoding go, e.g. BERT `[CLS] $A [SEP]`. */
interface SpecialLayout {
  prefix: number[];
  suffix: number[];
}

/** Pair layout, e.g. BERT `[CLS] $A [SEP] $B [SEP]`, with the token type of every piece. */
interface PairLayout {
  prefix: TypedPiece;
  middle: TypedPiece;
  suffix: TypedPiece;
  typeA: number;
  typeB: number;
}

interface TypedPiece {
  ids: number[];
  types: number[];
}

export class TextTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    private readonly layout: SpecialLayout,
    private readonly pairLayout: PairLayout | undefined,
    private readonly specialIds: ReadonlySet<number>,
    readonly maxLength: number,
    readonly padId: number,
    readonly unkId: number,
    /** Largest token id the tokenizer can emit + 1. */
    readonly vocabSize: number,
  ) {}

  /**
   * Loads tokenizer.json (+ tokenizer_config.json contents) and fixes the truncation length.
   *
   * @example
   * const tok = await TextTokenizer.load('m/tokenizer.json', config, 384);
   * tok.encode('Senior data scientist'); // { ids: [0, ..., 2], truncated: false }
   */
  static async load(tokenizerFile: string, tokenizerConfig: Record<string, unknown>, maxLength: number, padTokenId?: number): Promise<TextTokenizer> {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(tokenizerFile, 'utf8'));
    } catch (err) {
      throw new ModelError(`cannot read tokenizer: ${(err as Error).message}`, tokenizerFile);
    }
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(json as object, tokenizerConfig);
    } catch (err) {
      throw new ModelError(`unsupported tokenizer: ${(err as Error).message}`, tokenizerFile);
    }
    const layout = specialLayout(tokenizer, tokenizerFile);
    if (maxLength <= layout.prefix.length + layout.suffix.length) {
      throw new ModelError(`max_seq_length ${maxLength} leaves no room for text after the special tokens`, tokenizerFile);
    }
    const specials = new Set<number>();
    for (const [id, token] of tokenizer.get_added_tokens_decoder()) if (token.special) specials.add(id);
    const padId = tokenId(tokenizer, tokenizerConfig['pad_token']) ?? padTokenId ?? 0;
    const unkId = tokenId(tokenizer, tokenizerConfig['unk_token']) ?? tokenizer.token_to_id('[UNK]') ?? tokenizer.token_to_id('<unk>');
    if (unkId === undefined) throw new ModelError('tokenizer has no unknown token ([UNK] or <unk>)', tokenizerFile);
    let vocabSize = 0;
    for (const id of tokenizer.get_vocab(true).values()) vocabSize = Math.max(vocabSize, id + 1);
    return new TextTokenizer(tokenizer, layout, pairLayoutOf(tokenizer), specials, maxLength, padId, unkId, vocabSize);
  }

  /**
   * Encodes one text: content tokens cut to `maxLength` minus the special tokens, then the
   * special tokens around them, so the closing [SEP] / </s> is always present.
   *
   * Special-token strings typed inside the text (`[SEP]`, `<s>`, `<pad>`, ...) are matched by the
   * tokenizer as control tokens; they become the unknown token here so a resume cannot inject
   * structure (a `<pad>` would even shift MPNet's position ids). See docs/models.md.
   */
  encode(text: string): Encoded {
    const content = this.content(text);
    const room = this.maxLength - this.layout.prefix.length - this.layout.suffix.length;
    const truncated = content.length > room;
    const kept = truncated ? content.slice(0, room) : content;
    return { ids: [...this.layout.prefix, ...kept, ...this.layout.suffix], truncated };
  }

  /**
   * Encodes a pair as a cross-encoder reads it, e.g. BERT `[CLS] a [SEP] b [SEP]` with token
   * type 0 up to and including the first [SEP] and 1 after it. Content is cut `longest_first`
   * to `maxLength` (special tokens counted, never cut; see {@link longestFirstLengths}).
   *
   * The pair is assembled here rather than by the JS tokenizer because @huggingface/tokenizers
   * treats an empty `b` as "no pair"; upstream (Python) still gives `[CLS] a [SEP] [SEP]`, and so
   * does this method. Special-token strings inside either text become the unknown token, as in
   * {@link encode}.
   *
   * @example
   * tok.encodePair('sales manager', 'retail store');
   * // { ids: [2, CLS.., 3, .., 3], typeIds: [0, 0, 0, 0, 1, 1, 1], truncated: false }
   */
  encodePair(a: string, b: string, maxLength = this.maxLength): PairEncoded {
    const layout = this.pairLayout;
    if (layout === undefined) throw new ModelError('the tokenizer has no pair template (post_processor), so it cannot encode text pairs');
    const specials = layout.prefix.ids.length + layout.middle.ids.length + layout.suffix.ids.length;
    const room = maxLength - specials;
    if (room < 2) throw new ModelError(`max length ${maxLength} leaves no room for a pair after ${specials} special tokens`);
    const first = this.content(a);
    const second = this.content(b);
    const [keepA, keepB] = longestFirstLengths(first.length, second.length, room);
    const ids = [...layout.prefix.ids, ...first.slice(0, keepA), ...layout.middle.ids, ...second.slice(0, keepB), ...layout.suffix.ids];
    const typeIds = [
      ...layout.prefix.types,
      ...Array<number>(keepA).fill(layout.typeA),
      ...layout.middle.types,
      ...Array<number>(keepB).fill(layout.typeB),
      ...layout.suffix.types,
    ];
    return { ids, typeIds, truncated: keepA < first.length || keepB < second.length };
  }

  /** Content token ids without special tokens; typed special-token strings become unknown. */
  private content(text: string): number[] {
    const ids = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    for (let i = 0; i < ids.length; i++) {
      if (this.specialIds.has(ids[i] as number)) ids[i] = this.unkId;
    }
    return ids;
  }
}

/**
 * How many content tokens of each side survive `longest_first` truncation to `room` tokens,
 * as the Rust tokenizers (transformers' fast tokenizers, used by sentence-transformers'
 * CrossEncoder) compute it: the shorter side is kept whole when the longer one can absorb the
 * cut; otherwise both get half, the second side taking the odd token. This equals trimming the
 * longer side token by token, except that on an exact tie Python's slow tokenizer trims the
 * second side first.
 *
 * @example longestFirstLengths(3, 200, 125) // [3, 122]
 * @example longestFirstLengths(100, 100, 125) // [62, 63]
 */
export function longestFirstLengths(lengthA: number, lengthB: number, room: number): [number, number] {
  if (lengthA + lengthB <= room) return [lengthA, lengthB];
  const swap = lengthA > lengthB;
  let short = swap ? lengthB : lengthA;
  let long = swap ? lengthA : lengthB;
  long = short > room ? short : Math.max(short, room - short);
  if (short + long > room) {
    short = Math.floor(room / 2);
    long = short + (room % 2);
  }
  return swap ? [long, short] : [short, long];
}

/** Finds the special tokens the post-processor adds by encoding a probe with and without them. */
function specialLayout(tokenizer: Tokenizer, file: string): SpecialLayout {
  const probe = 'a';
  const bare: number[] = tokenizer.encode(probe, { add_special_tokens: false }).ids;
  const full: number[] = tokenizer.encode(probe, { add_special_tokens: true }).ids;
  for (let start = 0; start + bare.length <= full.length; start++) {
    if (bare.every((id: number, i: number) => full[start + i] === id)) {
      return { prefix: full.slice(0, start), suffix: full.slice(start + bare.length) };
    }
  }
  throw new ModelError('cannot locate the text between the special tokens of the post-processor', file);
}

/**
 * The pair template, found like specialLayout: encode probe texts as a pair with and without
 * special tokens. Undefined when the post-processor declares no pair template.
 */
function pairLayoutOf(tokenizer: Tokenizer): PairLayout | undefined {
  const a: number[] = tokenizer.encode('a', { add_special_tokens: false }).ids;
  const b: number[] = tokenizer.encode('b', { add_special_tokens: false }).ids;
  let full: { ids: number[]; token_type_ids?: number[] };
  try {
    full = tokenizer.encode('a', { text_pair: 'b', add_special_tokens: true, return_token_type_ids: true });
  } catch {
    return undefined;
  }
  const types = full.token_type_ids ?? full.ids.map(() => 0);
  const at = (needle: number[], from: number): number => {
    for (let s = from; s + needle.length <= full.ids.length; s++) if (needle.every((id, i) => full.ids[s + i] === id)) return s;
    return -1;
  };
  const startA = at(a, 0);
  const startB = startA < 0 ? -1 : at(b, startA + a.length);
  if (startA < 0 || startB < 0) return undefined;
  const piece = (from: number, to: number): TypedPiece => ({ ids: full.ids.slice(from, to), types: types.slice(from, to) });
  return {
    prefix: piece(0, startA),
    middle: piece(startA + a.length, startB),
    suffix: piece(startB + b.length, full.ids.length),
    typeA: types[startA] ?? 0,
    typeB: types[startB] ?? 0,
  };
}

function tokenId(tokenizer: Tokenizer, token: unknown): number | undefined {
  const text = typeof token === 'string' ? token : typeof token === 'object' && token !== null ? (token as { content?: unknown }).content : undefined;
  return typeof text === 'string' ? tokenizer.token_to_id(text) : undefined;
}
