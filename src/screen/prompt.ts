/**
 * The screening prompt: what the model is asked for each (job, candidate) pair. The default is
 * versioned (docs/screen.md): a change of wording is a new version, because decisions,
 * calibrated thresholds and cached results all depend on the exact text. `--prompt FILE`
 * replaces it with the user's own text.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

export interface ScreenPrompt {
  /** 'screen-v1' for the default, else 'file:<path>'. */
  version: string;
  /** The system turn (chat models only); undefined: none. */
  system: string | undefined;
  /** The user turn, or the whole prompt for a model without a chat template. */
  user: string;
}

/** Placeholders a prompt may hold; {job} and {candidate} are required, once each. */
export const PLACEHOLDERS = ['job', 'candidate', 'selected', 'rejected'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/**
 * The job comes before the candidate, so every candidate of one job shares the prompt up to the
 * resume and its KV cache is computed once per job (docs/screen.md, "Speed").
 */
export const DEFAULT_PROMPT: ScreenPrompt = {
  version: 'screen-v1',
  system:
    'You screen job applications for a recruiter. You read a job posting and a candidate\'s resume, ' +
    'and decide whether the candidate should be invited to an interview. ' +
    'Answer with {selected} or {rejected} on the first line, then one short sentence with the main reason.',
  user: 'Job posting:\n{job}\n\nCandidate resume:\n{candidate}\n\nShould this candidate be {selected} for an interview or {rejected}?',
};

/** A prompt as pieces of literal text and placeholders, in order. */
export type PromptPiece = { text: string } | { slot: Placeholder };

/**
 * Splits a prompt text at its placeholders; `{{` and `}}` stand for literal braces.
 *
 * @throws InputError naming `file` for an unknown placeholder or a missing/repeated {job} or {candidate}.
 * @example
 * parsePromptText('Job: {job}\nCV: {candidate}', 'p.txt'); // [{text:'Job: '}, {slot:'job'}, {text:'\nCV: '}, {slot:'candidate'}]
 */
export function parsePromptText(text: string, file: string): PromptPiece[] {
  const pieces: PromptPiece[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
      literal += ch;
      i++;
      continue;
    }
    if (ch !== '{') {
      literal += ch;
      continue;
    }
    const end = text.indexOf('}', i);
    const name = end < 0 ? '' : text.slice(i + 1, end);
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      const shown = end < 0 ? `'{${name}' (not closed)` : `'{${name}}'`;
      throw new InputError(`unknown placeholder ${shown}; a prompt may use ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')} (write {{ and }} for literal braces)`, { file });
    }
    if (literal !== '') pieces.push({ text: literal });
    literal = '';
    pieces.push({ slot: name as Placeholder });
    i = end;
  }
  if (literal !== '') pieces.push({ text: literal });
  return pieces;
}

/** Checks that the prompt's turns together hold {job} and {candidate} exactly once each. */
export function checkPlaceholders(prompt: ScreenPrompt, file: string): void {
  const all = [...(prompt.system === undefined ? [] : parsePromptText(prompt.system, file)), ...parsePromptText(prompt.user, file)];
  for (const required of ['job', 'candidate'] as const) {
    const count = all.filter((p) => 'slot' in p && p.slot === required).length;
    if (count !== 1) throw new InputError(`the prompt must hold {${required}} exactly once, found ${count}`, { file });
  }
}

/**
 * Reads `--prompt FILE`: its whole text is the user turn (no system turn), or the whole prompt
 * for a model without a chat template, after which the model's answer (the label) begins.
 */
export async function readPromptFile(file: string): Promise<ScreenPrompt> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read the prompt: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { file });
  }
  // Used exactly as written, a final newline included: with a raw prompt it separates the prompt
  // from the label, which the model writes next.
  const prompt: ScreenPrompt = { version: `file:${file}`, system: undefined, user: text.replace(/\r\n/g, '\n') };
  checkPlaceholders(prompt, file);
  return prompt;
}
