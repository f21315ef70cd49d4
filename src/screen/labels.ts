/**
 * The two decision labels (`--labels SELECTED,REJECTED`): the first means "selected". Each must
 * be text the model can write as its answer, i.e. text whose tokens decode back to exactly it;
 * a label the tokenizer cannot produce (an unknown character of a word-piece vocabulary) could
 * never be the model's answer, so its probability would be meaningless.
 */
import { UsageError } from '../errors.js';

export const DEFAULT_LABELS: readonly [string, string] = ['SELECTED', 'REJECTED'];

export interface DecisionLabels {
  /** [selected, rejected] as given. */
  texts: readonly [string, string];
  /** Their token ids, as the model would write them at the start of its answer. */
  ids: readonly [readonly number[], readonly number[]];
}

/**
 * Parses `--labels A,B`.
 *
 * @example parseLabels('YES,NO'); // ['YES', 'NO']
 */
export function parseLabels(value: string): [string, string] {
  const parts = value.split(',');
  if (parts.length !== 2 || parts.some((p) => p.trim() === '')) {
    throw new UsageError(`--labels takes two comma-separated labels, the selected one first (e.g. SELECTED,REJECTED), got '${value}'`);
  }
  const [a, b] = parts.map((p) => p.trim()) as [string, string];
  if (a === b) throw new UsageError(`--labels names '${a}' twice: the two decisions need different labels`);
  return [a, b];
}

/**
 * Tokenizes and checks both labels.
 *
 * @throws UsageError naming a label whose tokens do not decode back to it, or two labels with the same tokens.
 */
export function decisionLabels(texts: readonly [string, string], tokenize: (text: string) => number[], decode: (ids: readonly number[]) => string): DecisionLabels {
  const ids = texts.map((text) => {
    const tokens = tokenize(text);
    const back = decode(tokens);
    if (tokens.length === 0 || back !== text) {
      throw new UsageError(`the label '${text}' cannot be produced by this model's tokenizer (its tokens read back as '${back}'); choose --labels the model can write`);
    }
    return tokens;
  }) as [number[], number[]];
  if (ids[0].join(' ') === ids[1].join(' ')) throw new UsageError(`the labels '${texts[0]}' and '${texts[1]}' have the same tokens`);
  return { texts, ids };
}
