/**
 * Greedy generation over a batch with a KV cache: each row stops on its own at an EOS token, a
 * stop string or max_new_tokens, and finished rows leave the batch so later steps compute only
 * the rows still going.
 */
import { argmax } from './log-probs.js';
import type { Prefill, Stepper } from './score-labels.js';

export interface GenerateOptions {
  maxNewTokens: number;
  /** Token ids that end a row (default: the model's generation_config eos_token_id). */
  eosTokenIds?: readonly number[];
  /** Texts that end a row once the decoded output contains them (default: generation_config stop_strings). */
  stopStrings?: readonly string[];
}

export interface Generation {
  /** The generated ids, an ending EOS included (as transformers returns them). */
  tokens: number[];
  /** The decoded text without special tokens, cut before a stop string that ended it. */
  text: string;
  finish: 'eos' | 'stop' | 'length';
}

/**
 * Continues every row of `start` greedily.
 *
 * @param decode ids -> text (special tokens dropped), to find stop strings
 */
export async function greedyGenerate(stepper: Stepper, decode: (ids: readonly number[]) => string, start: Prefill, options: Required<GenerateOptions>): Promise<Generation[]> {
  const eos = new Set(options.eosTokenIds);
  const results: Generation[] = Array.from({ length: start.cache.batch }, () => ({ tokens: [], text: '', finish: 'length' }));
  if (options.maxNewTokens < 1) return results;
  let active = results.map((_, r) => r);
  let { cache, logits } = start;
  const vocab = start.vocabSize;
  for (;;) {
    const going: number[] = [];
    active.forEach((r, i) => {
      const result = results[r] as Generation;
      const token = argmax(logits, i * vocab, vocab);
      result.tokens.push(token);
      result.text = decode(result.tokens);
      const stopAt = firstStop(result.text, options.stopStrings);
      if (eos.has(token)) result.finish = 'eos';
      else if (stopAt !== undefined) {
        result.finish = 'stop';
        result.text = result.text.slice(0, stopAt);
      } else if (result.tokens.length >= options.maxNewTokens) result.finish = 'length';
      else going.push(i);
    });
    if (going.length === 0) return results;
    const next = going.length === active.length ? cache : cache.select(going);
    active = going.map((i) => active[i] as number);
    const step = await stepper.step(next, active.map((r) => [(results[r] as Generation).tokens.at(-1) as number]), 1);
    cache = step.cache;
    logits = step.logits;
  }
}

function firstStop(text: string, stops: readonly string[]): number | undefined {
  let first: number | undefined;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (first === undefined || at < first)) first = at;
  }
  return first;
}
