/**
 * Stage 2: a BertForSequenceClassification cross-encoder scoring (job title, skill) pairs.
 * Labels come from config.json id2label, never hard-coded.
 */
import path from 'node:path';
import { ModelError } from '../errors.js';
import type { ModelDirectory } from '../model/model-dir.js';
import { ModelSession } from '../runtime/session.js';
import { padPairBatch } from '../tokenize/batch.js';
import { batchFeeds } from '../tokenize/batch-feeds.js';
import { TextTokenizer, type PairEncoded } from '../tokenize/text-tokenizer.js';

/** SkillScout's training length: pairs longer than this are cut longest_first. */
export const CROSS_ENCODER_MAX_LENGTH = 128;
export const DEFAULT_PAIR_BATCH_SIZE = 32;

export interface PairScores {
  /** Row-major [count x labels.length] raw logits. */
  logits: Float32Array;
  count: number;
  /** How many pairs were longer than the max length and cut. */
  truncated: number;
}

/**
 * The class names of a sequence-classification config, by class id. Throws ModelError when
 * id2label is absent or not the dense ids 0..n-1, naming the file.
 *
 * @example readLabels({ id2label: { 0: 'irrelevant', 1: 'contextual', 2: 'core' } }, 'config.json') // ['irrelevant', 'contextual', 'core']
 */
export function readLabels(config: Record<string, unknown>, file: string): string[] {
  const raw = config['id2label'];
  if (raw === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ModelError(
      "no id2label: a reranker must name its classes in config.json (e.g. {\"0\": \"irrelevant\", \"1\": \"contextual\", \"2\": \"core\"}, or {\"0\": \"LABEL_0\"} for a single-logit model)",
      file,
    );
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  const labels: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const name = (raw as Record<string, unknown>)[String(i)];
    if (typeof name !== 'string') throw new ModelError(`id2label must map the ids 0..${entries.length - 1} to names; id ${i} is ${JSON.stringify(name)}`, file);
    labels.push(name);
  }
  if (labels.length === 0) throw new ModelError('id2label is empty', file);
  return labels;
}

export class CrossEncoder {
  private constructor(
    readonly model: ModelDirectory,
    readonly labels: readonly string[],
    private readonly session: ModelSession,
    private readonly tokenizer: TextTokenizer,
    private readonly output: string,
    readonly maxLength: number,
  ) {}

  /** Reads the labels, opens the tokenizer and ONNX session, and checks the graph's signature. */
  static async open(model: ModelDirectory, options: { threads?: number; maxLength?: number } = {}): Promise<CrossEncoder> {
    const configFile = path.join(model.dir, 'config.json');
    const labels = readLabels(model.config, configFile);
    const maxLength = options.maxLength ?? CROSS_ENCODER_MAX_LENGTH;
    const padTokenId = typeof model.config['pad_token_id'] === 'number' ? model.config['pad_token_id'] : undefined;
    const tokenizer = await TextTokenizer.load(model.tokenizerFile, model.tokenizerConfig, maxLength, padTokenId);
    if (model.vocabSize !== undefined && tokenizer.vocabSize > model.vocabSize) {
      throw new ModelError(`the tokenizer's vocabulary (${tokenizer.vocabSize} ids) is larger than vocab_size ${model.vocabSize}`, model.tokenizerFile);
    }
    const session = await ModelSession.create(model.modelFile, options.threads === undefined ? {} : { threads: options.threads });
    const outputs = session.outputNames;
    const output = outputs.includes('logits') ? 'logits' : outputs.length === 1 ? outputs[0] : undefined;
    if (output === undefined || !session.inputNames.includes('input_ids')) {
      await session.dispose();
      throw new ModelError(`not a sequence-classification graph: inputs [${session.inputNames.join(', ')}], outputs [${outputs.join(', ')}]; expected input_ids and output logits`, model.modelFile);
    }
    return new CrossEncoder(model, labels, session, tokenizer, output, maxLength);
  }

  /** Tokenizes one pair exactly as {@link score} feeds it. */
  encode(a: string, b: string): PairEncoded {
    return this.tokenizer.encodePair(a, b, this.maxLength);
  }

  /**
   * Logits for each (a, b) pair, in input order. Pairs are batched shortest first so each batch
   * pads to a similar length (padding is masked, so a pair's logits do not depend on its batch).
   */
  async score(pairs: ReadonlyArray<readonly [string, string]>, batchSize = DEFAULT_PAIR_BATCH_SIZE): Promise<PairScores> {
    const n = this.labels.length;
    const encoded = pairs.map(([a, b]) => this.encode(a, b));
    const order = encoded.map((_, i) => i).sort((x, y) => (encoded[x] as PairEncoded).ids.length - (encoded[y] as PairEncoded).ids.length || x - y);
    const logits = new Float32Array(pairs.length * n);
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      const batch = padPairBatch(rows.map((r) => encoded[r] as PairEncoded), this.tokenizer.padId);
      const feeds = batchFeeds(batch, this.session.inputNames, this.model.modelFile);
      const out = (await this.session.run(feeds, [this.output]))[this.output];
      if (out === undefined || out.dims.length !== 2 || out.dims[1] !== n) {
        throw new ModelError(
          `output '${this.output}' has shape [${out?.dims.join(', ') ?? ''}] but config.json id2label names ${n} class(es); expected [batch, ${n}]`,
          this.model.modelFile,
        );
      }
      rows.forEach((row, i) => logits.set(out.data.subarray(i * n, (i + 1) * n), row * n));
    }
    return { logits, count: pairs.length, truncated: encoded.filter((e) => e.truncated).length };
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}
