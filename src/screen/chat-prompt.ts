/**
 * A screening prompt rendered the way the model was trained to read it: through its own chat
 * template (tokenizer_config.json `chat_template`, Jinja, rendered by the maintained
 * @huggingface/jinja), as a system and a user turn followed by the assistant's turn start.
 * The job and candidate texts are not rendered into the string: they stay slots, so the
 * caller can tokenize them as untrusted text (a `<|im_end|>` typed in a resume must not end
 * the turn) and reuse the part before the candidate for every candidate of a job.
 */
import { Template } from '@huggingface/jinja';
import { ModelError, UsageError } from '../errors.js';
import { parsePromptText, type ScreenPrompt } from './prompt.js';

/** Rendered prompt: template text (control tokens allowed) and the two untrusted slots, in order. */
export type RenderedPiece = { text: string } | { slot: 'job' | 'candidate' };

// Private-use characters: no tokenizer vocabulary or chat template produces them, so they mark
// where the slots land in the rendered text.
const SLOT_MARK: Readonly<Record<'job' | 'candidate', string>> = { job: '\uE000', candidate: '\uE001' };

export interface RenderInputs {
  prompt: ScreenPrompt;
  /** The positive and negative label strings, for {selected} and {rejected}. */
  labels: readonly [string, string];
  /** The model's Jinja chat template; undefined for a base model (raw prompt). */
  chatTemplate: string | undefined;
  tokenizerConfig: Record<string, unknown>;
  /** Where the model came from, for messages. */
  modelName: string;
}

/**
 * @throws UsageError when the model has no chat template and the prompt has a system turn (the
 *   default prompt): a base model needs `--prompt FILE`.
 * @example
 * renderPrompt({ prompt: DEFAULT_PROMPT, labels: ['SELECTED', 'REJECTED'], chatTemplate, tokenizerConfig, modelName });
 * // [{ text: '<|im_start|>system\nYou screen…<|im_start|>user\nJob posting:\n' }, { slot: 'job' }, …]
 */
export function renderPrompt(inputs: RenderInputs): RenderedPiece[] {
  const fill = (text: string): string =>
    parsePromptText(text, inputs.prompt.version)
      .map((p) => ('text' in p ? p.text : p.slot === 'selected' ? inputs.labels[0] : p.slot === 'rejected' ? inputs.labels[1] : SLOT_MARK[p.slot]))
      .join('');
  const system = inputs.prompt.system === undefined ? undefined : fill(inputs.prompt.system);
  const user = fill(inputs.prompt.user);
  let rendered: string;
  if (inputs.chatTemplate === undefined) {
    if (system !== undefined) {
      throw new UsageError(`${inputs.modelName} has no chat template (tokenizer_config.json chat_template or chat_template.jinja), so the default chat prompt cannot be rendered: give --prompt FILE with the whole prompt text ({job} and {candidate} placeholders)`);
    }
    rendered = user;
  } else {
    rendered = renderChat(inputs.chatTemplate, [...(system === undefined ? [] : [{ role: 'system', content: system }]), { role: 'user', content: user }], inputs);
  }
  return splitAtSlots(rendered, inputs.modelName);
}

function renderChat(template: string, messages: Array<{ role: string; content: string }>, inputs: RenderInputs): string {
  try {
    return new Template(template).render({
      messages,
      add_generation_prompt: true,
      // Qwen3's template opens a thinking block unless told not to; a decision needs no thinking.
      enable_thinking: false,
      ...specialTokens(inputs.tokenizerConfig),
    });
  } catch (err) {
    throw new ModelError(`cannot render the chat template: ${(err as Error).message}`, `${inputs.modelName} (chat_template)`);
  }
}

/** bos_token, eos_token, … as templates reference them (strings, or {content} objects). */
function specialTokens(config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['bos_token', 'eos_token', 'pad_token', 'unk_token']) {
    const value = config[name];
    const text = typeof value === 'string' ? value : typeof (value as { content?: unknown } | null)?.content === 'string' ? (value as { content: string }).content : undefined;
    if (text !== undefined) out[name] = text;
  }
  return out;
}

function splitAtSlots(rendered: string, modelName: string): RenderedPiece[] {
  const found = [...rendered].filter((ch) => ch === SLOT_MARK.job || ch === SLOT_MARK.candidate).map((ch) => (ch === SLOT_MARK.job ? 'job' : 'candidate'));
  if (found.filter((s) => s === 'job').length !== 1 || found.filter((s) => s === 'candidate').length !== 1) {
    throw new ModelError(`the chat template did not keep the job and the candidate text exactly once each (found ${found.join(', ') || 'neither'})`, `${modelName} (chat_template)`);
  }
  const pieces: RenderedPiece[] = [];
  let text = '';
  for (const ch of rendered) {
    if (ch === SLOT_MARK.job || ch === SLOT_MARK.candidate) {
      if (text !== '') pieces.push({ text });
      text = '';
      pieces.push({ slot: ch === SLOT_MARK.job ? 'job' : 'candidate' });
    } else {
      text += ch;
    }
  }
  if (text !== '') pieces.push({ text });
  return pieces;
}
