/**
 * Token ids of a screening prompt for one (job, candidate) pair. Template text is tokenized
 * with its control tokens; the job and candidate texts are tokenized as literal text, so a
 * resume cannot inject control tokens. Everything before the candidate's text is the pair's
 * shared prefix (one per job when the job comes first, as in the default prompt), whose KV
 * cache is computed once. A prompt over the token limit loses the end of the candidate text
 * only: never the instructions, the job or the answer's room.
 */
import { InputError } from '../errors.js';
import type { RenderedPiece } from './chat-prompt.js';

/** Text -> ids; `literal`: control-token strings in the text stay ordinary text. */
export type TokenizeFn = (text: string, literal: boolean) => number[];

export interface PairTokens {
  /** Tokens before the candidate's text. */
  prefix: readonly number[];
  /** The candidate's (kept) tokens and the rest of the prompt. */
  suffix: number[];
  /** The candidate text's tokens before truncation. */
  candidateTokens: number;
  /** Whether the candidate text was cut to fit the limit. */
  truncated: boolean;
}

export class PromptTokens {
  private readonly pieces: Array<{ ids: number[] } | { slot: 'job' | 'candidate' }>;
  private readonly jobIds = new Map<string, number[]>();
  private readonly candidateIds = new Map<string, number[]>();
  private readonly prefixes = new Map<string, readonly number[]>();

  /**
   * @param limit most tokens a prompt may have (the model's context, or --max-prompt-tokens)
   * @param reserve tokens kept free after the prompt: the longest label (and the reasons)
   */
  constructor(
    pieces: readonly RenderedPiece[],
    private readonly tokenize: TokenizeFn,
    private readonly limit: number,
    private readonly reserve: number,
  ) {
    this.pieces = pieces.map((p) => ('text' in p ? { ids: tokenize(p.text, false) } : p));
  }

  /** Whether the job's text is part of the shared prefix (it comes before the candidate). */
  get jobInPrefix(): boolean {
    const job = this.pieces.findIndex((p) => 'slot' in p && p.slot === 'job');
    const candidate = this.pieces.findIndex((p) => 'slot' in p && p.slot === 'candidate');
    return job < candidate;
  }

  /**
   * @throws InputError naming the job when the prompt without any candidate text is already over the limit.
   */
  pair(job: { id: string; text: string }, candidateText: string): PairTokens {
    const jobIds = memo(this.jobIds, job.text, () => this.tokenize(job.text, true));
    const candidate = memo(this.candidateIds, candidateText, () => this.tokenize(candidateText, true));
    const fixed = this.pieces.reduce((n, p) => n + ('ids' in p ? p.ids.length : p.slot === 'job' ? jobIds.length : 0), 0);
    const room = this.limit - this.reserve - fixed;
    if (room < 1) {
      throw new InputError(
        `job '${job.id}': its text (${jobIds.length} tokens) and the prompt's instructions (${fixed - jobIds.length}) leave no room for a resume within the ${this.limit}-token limit (answer reserve ${this.reserve}); shorten the job text or raise --max-prompt-tokens`,
      );
    }
    const kept = candidate.length > room ? candidate.slice(0, room) : candidate;
    const slotIds = (slot: 'job' | 'candidate'): readonly number[] => (slot === 'job' ? jobIds : kept);
    const at = this.pieces.findIndex((p) => 'slot' in p && p.slot === 'candidate');
    const before = this.pieces.slice(0, at);
    const key = this.jobInPrefix ? job.text : '';
    const prefix = memo(this.prefixes, key, () => before.flatMap((p) => ('ids' in p ? p.ids : slotIds(p.slot))));
    const suffix = this.pieces.slice(at).flatMap((p) => ('ids' in p ? p.ids : [...slotIds(p.slot)]));
    return { prefix, suffix, candidateTokens: candidate.length, truncated: kept.length < candidate.length };
  }
}

function memo<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
