/**
 * A causal LM's tokenizer.json through @huggingface/tokenizers, with the one thing prompts need
 * beyond encode/decode: a way to keep text taken from a resume or a job ad from being read as
 * control tokens (`<|im_end|>`, `<|endoftext|>`), which could end a turn or the whole prompt.
 */
import { readFile } from 'node:fs/promises';
import { Tokenizer } from '@huggingface/tokenizers';
import { ModelError } from '../errors.js';

export interface EncodeOptions {
  /**
   * 'allow' (default): special-token strings in the text become those tokens, as a rendered chat
   * template needs. 'literal': they are tokenized as ordinary characters, for untrusted text.
   */
  specials?: 'allow' | 'literal';
  /** Add the post-processor's tokens (a BOS for some Llama tokenizers); default false. */
  addSpecialTokens?: boolean;
}

export class DecoderTokenizer {
  private wrap: { prefix: number[]; suffix: number[] } | undefined;

  private constructor(
    private readonly tokenizer: Tokenizer,
    /** Special token strings, longest first, so that one containing another is found first. */
    private readonly specialTexts: readonly string[],
    private readonly specialIds: ReadonlySet<number>,
    /** Largest id the tokenizer can produce + 1. */
    readonly vocabSize: number,
  ) {}

  /**
   * Loads tokenizer.json with tokenizer_config.json's contents.
   *
   * @example
   * const tok = await DecoderTokenizer.load('model/tokenizer.json', tokenizerConfig);
   * tok.encode(' SELECTED'); // e.g. [18356, 38327]
   */
  static async load(file: string, tokenizerConfig: Record<string, unknown>): Promise<DecoderTokenizer> {
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(JSON.parse(await readFile(file, 'utf8')) as object, tokenizerConfig);
    } catch (err) {
      throw new ModelError(`cannot load tokenizer: ${(err as Error).message}`, file);
    }
    const texts: string[] = [];
    const ids = new Set<number>();
    for (const [id, token] of tokenizer.get_added_tokens_decoder()) {
      if (!token.special) continue;
      texts.push(token.content);
      ids.add(id);
    }
    let vocabSize = 0;
    for (const id of tokenizer.get_vocab(true).values()) vocabSize = Math.max(vocabSize, id + 1);
    return new DecoderTokenizer(tokenizer, texts.sort((a, b) => b.length - a.length), ids, vocabSize);
  }

  /** Token ids of `text`. */
  encode(text: string, options: EncodeOptions = {}): number[] {
    const add = options.addSpecialTokens ?? false;
    if (options.specials !== 'literal') return this.tokenizer.encode(text, { add_special_tokens: add }).ids;
    // Each special string is split after its first character, so neither half matches it.
    const pieces: string[] = [];
    let rest = text;
    for (;;) {
      const found = this.firstSpecial(rest);
      if (found === undefined) break;
      pieces.push(rest.slice(0, found.at + 1), rest.slice(found.at + 1, found.at + found.text.length));
      rest = rest.slice(found.at + found.text.length);
    }
    pieces.push(rest);
    const ids = pieces.filter((p) => p !== '').flatMap((p) => this.tokenizer.encode(p, { add_special_tokens: false }).ids);
    return add ? [...this.wrapper().prefix, ...ids, ...this.wrapper().suffix] : ids;
  }

  /** The tokens the post-processor puts around a text (e.g. a BOS), found by encoding a probe. */
  private wrapper(): { prefix: number[]; suffix: number[] } {
    if (this.wrap !== undefined) return this.wrap;
    const bare: number[] = this.tokenizer.encode('a', { add_special_tokens: false }).ids;
    const full: number[] = this.tokenizer.encode('a', { add_special_tokens: true }).ids;
    const at = full.findIndex((_: number, i: number) => bare.every((id: number, j: number) => full[i + j] === id));
    this.wrap = at < 0 ? { prefix: [], suffix: [] } : { prefix: full.slice(0, at), suffix: full.slice(at + bare.length) };
    return this.wrap;
  }

  /** The text of `ids`; special tokens are dropped unless `keepSpecial`. */
  decode(ids: readonly number[], keepSpecial = false): string {
    return this.tokenizer.decode([...ids], { skip_special_tokens: !keepSpecial });
  }

  /** The id of a token string (e.g. '<|im_end|>'), or undefined. */
  tokenId(token: string): number | undefined {
    return this.tokenizer.token_to_id(token);
  }

  /** Whether `id` is a special (control) token. */
  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }

  private firstSpecial(text: string): { at: number; text: string } | undefined {
    let best: { at: number; text: string } | undefined;
    for (const special of this.specialTexts) {
      const at = text.indexOf(special);
      if (at >= 0 && (best === undefined || at < best.at)) best = { at, text: special };
    }
    return best;
  }
}
