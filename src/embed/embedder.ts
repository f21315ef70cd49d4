/**
 * Texts in, unit-length embeddings out: tokenize -> pad per batch -> infer -> pool -> normalise.
 * Works for any model directory whose ONNX graph takes input_ids/attention_mask
 * (+ token_type_ids) and outputs token states (pooled here) or a ready sentence_embedding.
 */
import { ModelError } from '../errors.js';
import type { ModelDirectory } from '../model/model-dir.js';
import { normalizeRows, poolTokens } from '../pool/pooling.js';
import { ModelSession } from '../runtime/session.js';
import { padBatch, type PaddedBatch } from '../tokenize/batch.js';
import { batchFeeds } from '../tokenize/batch-feeds.js';
import { TextTokenizer, type Encoded } from '../tokenize/text-tokenizer.js';

export interface EmbedOptions {
  /** Texts per inference call; default 50. */
  batchSize?: number;
  /** Called after each batch with the number of texts embedded so far. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Called after each batch with what it produced, so callers can keep finished work (the
   * embedding cache stores it) before the whole call completes.
   */
  onBatch?: (batch: EmbeddedBatch) => void;
  /**
   * Batch texts of similar token counts together (default true): padding to the longest text
   * of a batch then wastes little compute. Output order is the input order either way.
   */
  sortByLength?: boolean;
}

export interface EmbeddedBatch {
  /** Input positions of the batch's texts. */
  rows: readonly number[];
  /** [rows.length x dim], row i is the embedding of input `rows[i]`. */
  vectors: Float32Array;
  dim: number;
  /** Per row: whether the text was cut to max_seq_length. */
  truncated: readonly boolean[];
}

export interface Embeddings {
  /** Row-major [count x dim], each row L2-normalised. */
  vectors: Float32Array;
  count: number;
  dim: number;
  /** How many texts were cut to max_seq_length. */
  truncated: number;
  /** Real tokens (special tokens included) over all texts. */
  tokens: number;
  /** Positions the model computed: sum over batches of batch size x padded length. */
  computedTokens: number;
}

const KNOWN_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'];
const TOKEN_OUTPUTS = ['last_hidden_state', 'token_embeddings'];
export const DEFAULT_BATCH_SIZE = 50;

export class Embedder {
  private constructor(
    readonly model: ModelDirectory,
    private readonly session: ModelSession,
    private readonly tokenizer: TextTokenizer,
    private readonly output: string,
  ) {}

  /** Opens the model's ONNX session and tokenizer and checks that they fit together. */
  static async open(model: ModelDirectory, options: { threads?: number } = {}): Promise<Embedder> {
    const padTokenId = typeof model.config['pad_token_id'] === 'number' ? model.config['pad_token_id'] : undefined;
    const tokenizer = await TextTokenizer.load(model.tokenizerFile, model.tokenizerConfig, model.maxSeqLength, padTokenId);
    if (model.vocabSize !== undefined && tokenizer.vocabSize > model.vocabSize) {
      throw new ModelError(
        `the tokenizer's vocabulary (${tokenizer.vocabSize} ids) is larger than the model's embedding table (vocab_size ${model.vocabSize} in config.json); tokenizer and weights come from different models`,
        model.tokenizerFile,
      );
    }
    const session = await ModelSession.create(model.modelFile, options.threads === undefined ? {} : { threads: options.threads });
    try {
      return new Embedder(model, session, tokenizer, checkSignature(session));
    } catch (err) {
      await session.dispose();
      throw err;
    }
  }

  /**
   * Embeds texts and returns them in input order. A text's embedding does not depend on its
   * batch: padding is masked out of attention and pooling, so sorting by length changes only
   * the cost (and float rounding, within 1e-6).
   */
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Embeddings> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    // Tokenising everything first costs a few bytes per token and lets batches be cut by length.
    const encoded = texts.map((t) => this.tokenizer.encode(t));
    const order = batchOrder(encoded.map((e) => e.ids.length), options.sortByLength ?? true);
    let vectors = new Float32Array(0);
    let dim = 0;
    let tokens = 0;
    let computedTokens = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      const batch = rows.map((r) => encoded[r] as Encoded);
      const padded = padBatch(batch.map((e) => e.ids), this.tokenizer.padId);
      const pooled = await this.embedBatch(padded);
      if (dim === 0) {
        dim = pooled.length / rows.length;
        vectors = new Float32Array(texts.length * dim);
      }
      rows.forEach((r, i) => vectors.set(pooled.subarray(i * dim, (i + 1) * dim), r * dim));
      tokens += batch.reduce((sum, e) => sum + e.ids.length, 0);
      computedTokens += padded.batchSize * padded.seqLength;
      options.onBatch?.({ rows, vectors: pooled, dim, truncated: batch.map((e) => e.truncated) });
      options.onProgress?.(Math.min(start + batchSize, texts.length), texts.length);
    }
    const truncated = encoded.filter((e) => e.truncated).length;
    return { vectors, count: texts.length, dim: dim || (this.model.hiddenSize ?? 0), truncated, tokens, computedTokens };
  }

  private async embedBatch(batch: PaddedBatch): Promise<Float32Array> {
    const feeds = batchFeeds(batch, this.session.inputNames, this.model.modelFile);
    const result = (await this.session.run(feeds, [this.output]))[this.output];
    if (result === undefined) throw new ModelError(`model returned no '${this.output}'`, this.model.modelFile);
    let pooled: Float32Array;
    if (result.dims.length === 3) {
      pooled = poolTokens(this.model.pooling, result.data, batch.attentionMask, batch.batchSize, batch.seqLength, result.dims[2] as number);
    } else if (result.dims.length === 2) {
      pooled = Float32Array.from(result.data);
    } else {
      throw new ModelError(`output '${this.output}' has shape [${result.dims.join(', ')}]; expected [batch, sequence, hidden] or [batch, hidden]`, this.model.modelFile);
    }
    return normalizeRows(pooled, batch.batchSize, pooled.length / batch.batchSize);
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}

/** Validates the graph's inputs and picks the output to use; returns the output name. */
function checkSignature(session: ModelSession): string {
  const inputs = session.inputNames;
  const unknown = inputs.filter((n) => !KNOWN_INPUTS.includes(n));
  if (unknown.length > 0 || !inputs.includes('input_ids')) {
    throw new ModelError(
      `unexpected model inputs [${inputs.join(', ')}]; expected input_ids and attention_mask, optionally token_type_ids`,
      session.label,
    );
  }
  for (const input of session.inputs) {
    if (input.type !== 'int64') throw new ModelError(`input '${input.name}' must be int64, found ${input.type}`, session.label);
  }
  const outputs = session.outputNames;
  const chosen = outputs.includes('sentence_embedding') ? 'sentence_embedding' : TOKEN_OUTPUTS.find((n) => outputs.includes(n)) ?? (outputs.length === 1 ? outputs[0] : undefined);
  if (chosen === undefined) {
    throw new ModelError(`cannot tell which output to use among [${outputs.join(', ')}]; expected sentence_embedding or last_hidden_state`, session.label);
  }
  return chosen;
}

/**
 * The order texts are batched in: input order, or longest first. Longest first makes the
 * progress bar's ETA pessimistic rather than optimistic and lets onnxruntime's arena reach its
 * peak size once. The sort is stable, so equal lengths keep input order and runs repeat exactly.
 *
 * @example
 * batchOrder([5, 2, 9, 2], true); // [2, 0, 1, 3]
 */
export function batchOrder(lengths: readonly number[], sortByLength: boolean): number[] {
  const order = lengths.map((_, i) => i);
  return sortByLength ? order.sort((a, b) => (lengths[b] as number) - (lengths[a] as number) || a - b) : order;
}
