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

/** Where the special tokens of a single-sequence encoding go, e.g. BERT `[CLS] $A [SEP]`. */
interface SpecialLayout {
  prefix: number[];
  suffix: number[];
}

export class TextTokenizer {
  private constructor(
    private readonly tokenizer: Tokenizer,
    private readonly layout: SpecialLayout,
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
    return new TextTokenizer(tokenizer, layout, specials, maxLength, padId, unkId, vocabSize);
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
    const content = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    const room = this.maxLength - this.layout.prefix.length - this.layout.suffix.length;
    const truncated = content.length > room;
    const kept = truncated ? content.slice(0, room) : content;
    for (let i = 0; i < kept.length; i++) {
      if (this.specialIds.has(kept[i] as number)) kept[i] = this.unkId;
    }
    return { ids: [...this.layout.prefix, ...kept, ...this.layout.suffix], truncated };
  }
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

function tokenId(tokenizer: Tokenizer, token: unknown): number | undefined {
  const text = typeof token === 'string' ? token : typeof token === 'object' && token !== null ? (token as { content?: unknown }).content : undefined;
  return typeof text === 'string' ? tokenizer.token_to_id(text) : undefined;
}
