/**
 * Texts in, unit-length embeddings out: tokenize -> pad per batch -> infer -> pool -> normalise.
 * Works for any model directory whose ONNX graph takes input_ids/attention_mask
 * (+ token_type_ids) and outputs token states (pooled here) or a ready sentence_embedding.
 */
import { ModelError } from '../errors.js';
import type { ModelDirectory } from '../model/model-dir.js';
import { normalizeRows, poolTokens } from '../pool/pooling.js';
import { ModelSession, type FeedTensor } from '../runtime/session.js';
import { padBatch, type PaddedBatch } from '../tokenize/batch.js';
import { TextTokenizer } from '../tokenize/text-tokenizer.js';

export interface EmbedOptions {
  /** Texts per inference call; default 50. */
  batchSize?: number;
  /** Called after each batch with the number of texts embedded so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface Embeddings {
  /** Row-major [count x dim], each row L2-normalised. */
  vectors: Float32Array;
  count: number;
  dim: number;
  /** How many texts were cut to max_seq_length. */
  truncated: number;
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
   * Embeds texts in input order. A text's embedding does not depend on its batch: padding is
   * masked out of attention and pooling.
   */
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Embeddings> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    let vectors = new Float32Array(0);
    let dim = 0;
    let truncated = 0;
    for (let start = 0; start < texts.length; start += batchSize) {
      const encoded = texts.slice(start, start + batchSize).map((t) => this.tokenizer.encode(t));
      truncated += encoded.filter((e) => e.truncated).length;
      const pooled = await this.embedBatch(padBatch(encoded.map((e) => e.ids), this.tokenizer.padId));
      if (dim === 0) {
        dim = pooled.length / encoded.length;
        vectors = new Float32Array(texts.length * dim);
      }
      vectors.set(pooled, start * dim);
      options.onProgress?.(Math.min(start + batchSize, texts.length), texts.length);
    }
    return { vectors, count: texts.length, dim: dim || (this.model.hiddenSize ?? 0), truncated };
  }

  private async embedBatch(batch: PaddedBatch): Promise<Float32Array> {
    const dims = [batch.batchSize, batch.seqLength];
    const all: Record<string, FeedTensor> = {
      input_ids: { type: 'int64', data: batch.inputIds, dims },
      attention_mask: { type: 'int64', data: batch.attentionMask, dims },
      token_type_ids: { type: 'int64', data: batch.tokenTypeIds, dims },
    };
    const feeds: Record<string, FeedTensor> = {};
    for (const name of this.session.inputNames) feeds[name] = all[name] as FeedTensor;
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
