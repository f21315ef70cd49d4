/** Standard input is one stream: at most one input of a command can be `-`. */
import { UsageError } from '../errors.js';
import { STDIN_PATH } from './format.js';

/**
 * @throws UsageError naming the inputs that are all `-`.
 *
 * @example
 * checkStdinUsedOnce([{ what: 'candidates', path: '-' }, { what: 'jobs', path: '-' }]); // UsageError
 */
export function checkStdinUsedOnce(inputs: ReadonlyArray<{ what: string; path: string | undefined }>): void {
  const fromStdin = inputs.filter((i) => i.path === STDIN_PATH).map((i) => i.what);
  if (fromStdin.length > 1) {
    const are = fromStdin.length === 2 ? 'are both' : 'are all';
    throw new UsageError(`${fromStdin.join(' and ')} ${are} '-': standard input can be read only once; give all but one of them as files`);
  }
}
