/**
 * The inference engine for small causal LMs (Qwen2.5, Qwen3, SmolLM2, ...) that `resumator
 * screen` builds on: tokenize, prefill a left-padded batch (optionally on top of a shared
 * prefix's KV cache), score label strings by their next-token probabilities, and generate
 * greedily with per-row stopping.
 *
 * @example
 * const lm = await CausalLm.open('models/qwen2.5-0.5b-instruct', { threads: 4 });
 * // The instructions are the same for every candidate: their KV is computed once.
 * const prefix = await lm.prefill([lm.tokenize(systemPart)]);
 * const suffixes = candidates.map((c) => lm.tokenize(c.text, { specials: 'literal' }));
 * const labels = [lm.tokenize('SELECTED'), lm.tokenize('REJECTED')];
 * const scores = await lm.scoreLabels(prefix.cache, suffixes, labels);
 * const pSelected = labelProbabilities(scores[0])[0];
 * const [reason] = await lm.generate([suffixes[0]], { prefix: prefix.cache, maxNewTokens: 40 });
 * await lm.dispose();
 */
import { ModelError } from '../errors.js';
import { loadCausalLmDirectory, type CausalLmDirectory } from './causal-lm-dir.js';
import { DecoderRunner, type StepResult } from './decoder-session.js';
import { DecoderTokenizer, type EncodeOptions } from './decoder-tokenizer.js';
import { greedyGenerate, type GenerateOptions, type Generation } from './generate.js';
import { KvCache } from './kv-cache.js';
import { scoreLabelsAfter, type LabelScore, type Prefill, type Stepper } from './score-labels.js';

export interface CausalLmOptions {
  /** onnxruntime intra-op threads (default: all cores). */
  threads?: number;
}

export class CausalLm implements Stepper {
  private constructor(
    readonly model: CausalLmDirectory,
    readonly tokenizer: DecoderTokenizer,
    private readonly runner: DecoderRunner,
    private readonly padId: number,
  ) {}

  /** Opens a causal-LM model directory (see loadCausalLmDirectory) and its ONNX session. */
  static async open(dir: string, options: CausalLmOptions = {}): Promise<CausalLm> {
    const model = await loadCausalLmDirectory(dir);
    const tokenizer = await DecoderTokenizer.load(model.tokenizerFile, model.tokenizerConfig);
    const vocab = model.config['vocab_size'];
    if (typeof vocab === 'number' && tokenizer.vocabSize > vocab) {
      throw new ModelError(`the tokenizer's vocabulary (${tokenizer.vocabSize} ids) is larger than vocab_size ${vocab} in config.json; tokenizer and weights come from different models`, model.tokenizerFile);
    }
    const runner = await DecoderRunner.create(model.modelFile, model.config, options.threads === undefined ? {} : { threads: options.threads });
    return new CausalLm(model, tokenizer, runner, model.generation.padTokenId ?? 0);
  }

  /** Token ids of `text` (see EncodeOptions: `specials: 'literal'` for untrusted text). */
  tokenize(text: string, options: EncodeOptions = {}): number[] {
    return this.tokenizer.encode(text, options);
  }

  /** The text of `ids` without special tokens. */
  decode(ids: readonly number[]): string {
    return this.tokenizer.decode(ids);
  }

  /** An empty cache for `batch` sequences. */
  emptyCache(batch = 1): KvCache {
    return KvCache.empty(this.runner.layout, batch);
  }

  /**
   * Runs `rows` (one or more tokens each; left-padded here) and returns their cache and the
   * logits of each row's last token. With `prefix` (a batch-1 cache, or one row per prompt) the
   * rows continue it: its KV is reused, the padding between prefix and row is masked and
   * positions continue from the prefix's token count, which gives the logits of prefilling
   * prefix + row whole.
   */
  async prefill(rows: readonly (readonly number[])[], options: { prefix?: KvCache } = {}): Promise<Prefill> {
    const { prefix } = options;
    const cache = prefix === undefined ? this.emptyCache(rows.length) : prefix.batch === 1 && rows.length !== 1 ? prefix.expand(rows.length) : prefix;
    const { cache: grown, logits, vocabSize } = await this.step(cache, rows, 1);
    return { cache: grown, logits, vocabSize };
  }

  /** One model run of new tokens on `cache`, keeping the last `keep` positions' logits. */
  step(cache: KvCache, rows: readonly (readonly number[])[], keep: number): Promise<StepResult> {
    return this.runner.step(cache, rows, keep, this.padId);
  }

  /**
   * log P(label | prefix + suffix) for every suffix and label, [suffix][label], from one
   * prefill of the suffixes (on the prefix's cache) and at most one more step for labels of
   * several tokens. Pass `prefix` undefined when the suffixes are whole prompts.
   */
  async scoreLabels(prefix: KvCache | undefined, suffixes: readonly (readonly number[])[], labels: readonly (readonly number[])[]): Promise<LabelScore[][]> {
    const prefill = await this.prefill(suffixes, prefix === undefined ? {} : { prefix });
    return scoreLabelsAfter(this, prefill, labels);
  }

  /**
   * Greedy continuation of each prompt (on `prefix` when given), each row stopping at an EOS
   * id, a stop string or maxNewTokens (defaults: generation_config.json).
   */
  async generate(prompts: readonly (readonly number[])[], options: Partial<GenerateOptions> & { prefix?: KvCache } = {}): Promise<Generation[]> {
    const defaults = this.model.generation;
    const start = await this.prefill(prompts, options.prefix === undefined ? {} : { prefix: options.prefix });
    return greedyGenerate(this, (ids) => this.decode(ids), start, {
      maxNewTokens: options.maxNewTokens ?? defaults.maxNewTokens ?? 32,
      eosTokenIds: options.eosTokenIds ?? defaults.eosTokenIds,
      stopStrings: options.stopStrings ?? defaults.stopStrings,
    });
  }

  /** Whether the graph computes only the requested logits (num_logits_to_keep); others' exports may compute all. */
  get keepsLogits(): boolean {
    return this.runner.keepsLogits;
  }

  async dispose(): Promise<void> {
    await this.runner.dispose();
  }
}
