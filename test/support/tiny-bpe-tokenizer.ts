/**
 * A small byte-level BPE tokenizer in the exact tokenizer.json layout of Qwen2/Qwen3 (NFC, the
 * Qwen split regex, ByteLevel, BPE with list-form merges, ChatML special tokens), trained here
 * deterministically on a fixed job-market corpus so that tests need no downloaded tokenizer.
 * Every byte is in the vocabulary, so any text round-trips.
 */

/** The pre-tokenizer regex of the Qwen2/Qwen3 tokenizer.json. */
export const QWEN_SPLIT_REGEX =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** Special tokens after the BPE vocabulary, in id order, as in Qwen's files. */
export const SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;

/** A ChatML chat template (the shape of Qwen2.5's, without its default system prompt). */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const CORPUS = `Senior software engineer with Python, SQL and cloud experience. The candidate is selected
for the interview; the other candidate is rejected. Registered nurse, intensive care unit, five years.
Sales manager for retail stores in London. Data scientist: machine learning, statistics, analytics.
Decision: SELECTED. Decision: REJECTED. The job requires a degree and strong communication skills.
Backend developer building scalable microservices with Docker and Kubernetes on AWS.`;

/** GPT-2's bytes_to_unicode: printable stand-ins for the 256 byte values, in vocabulary order. */
export function byteAlphabet(): { byteToChar: string[]; order: number[] } {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const byteToChar: string[] = new Array<string>(256);
  const order = [...printable];
  for (const b of printable) byteToChar[b] = String.fromCodePoint(b);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (byteToChar[b] !== undefined) continue;
    byteToChar[b] = String.fromCodePoint(256 + extra++);
    order.push(b);
  }
  return { byteToChar, order };
}

/** Learns `merges` BPE merges on the corpus; ties go to the lexicographically smallest pair. */
export function trainMerges(merges: number): Array<[string, string]> {
  const { byteToChar } = byteAlphabet();
  const encoder = new TextEncoder();
  const words = (CORPUS.match(new RegExp(QWEN_SPLIT_REGEX.replace('(?i:', '(?:'), 'gu')) ?? []).map((w) =>
    Array.from(encoder.encode(w), (b) => byteToChar[b] as string),
  );
  const learned: Array<[string, string]> = [];
  for (let m = 0; m < merges; m++) {
    const counts = new Map<string, number>();
    for (const w of words) for (let i = 0; i + 1 < w.length; i++) counts.set(`${w[i]}\u0000${w[i + 1]}`, (counts.get(`${w[i]}\u0000${w[i + 1]}`) ?? 0) + 1);
    let best: string | undefined;
    for (const [pair, n] of counts) if (best === undefined || n > (counts.get(best) as number) || (n === counts.get(best) && pair < best)) best = pair;
    if (best === undefined || (counts.get(best) as number) < 2) break;
    const [a, b] = best.split('\u0000') as [string, string];
    learned.push([a, b]);
    for (const w of words) {
      for (let i = 0; i + 1 < w.length; i++) if (w[i] === a && w[i + 1] === b) w.splice(i, 2, a + b);
    }
  }
  return learned;
}

/**
 * tokenizer.json of the tiny tokenizer: 256 byte tokens, then one token per merge, then the
 * special tokens. Returns the JSON and the id of each special token.
 *
 * @example const { json, specialIds } = tinyBpeTokenizer(120); specialIds['<|im_end|>']
 */
export function tinyBpeTokenizer(merges = 120): { json: Record<string, unknown>; specialIds: Record<(typeof SPECIAL_TOKENS)[number], number>; size: number } {
  const { byteToChar, order } = byteAlphabet();
  const vocab: Record<string, number> = {};
  order.forEach((b, i) => (vocab[byteToChar[b] as string] = i));
  const learned = trainMerges(merges);
  for (const [a, b] of learned) vocab[a + b] ??= Object.keys(vocab).length;
  const base = Object.keys(vocab).length;
  const specialIds = Object.fromEntries(SPECIAL_TOKENS.map((t, i) => [t, base + i])) as Record<(typeof SPECIAL_TOKENS)[number], number>;
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false };
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, i) => ({ id: base + i, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'NFC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [{ type: 'Split', pattern: { Regex: QWEN_SPLIT_REGEX }, behavior: 'Isolated', invert: false }, byteLevel],
    },
    post_processor: byteLevel,
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: learned,
    },
  };
  return { json, specialIds, size: base + SPECIAL_TOKENS.length };
}

/** tokenizer_config.json as transformers writes it for Qwen2Tokenizer, with the chat template. */
export function tinyTokenizerConfig(specialIds: Record<string, number>): Record<string, unknown> {
  const decoder = Object.fromEntries(
    Object.entries(specialIds).map(([content, id]) => [String(id), { content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true }]),
  );
  return {
    add_bos_token: false,
    add_prefix_space: false,
    added_tokens_decoder: decoder,
    additional_special_tokens: ['<|im_start|>', '<|im_end|>'],
    bos_token: null,
    chat_template: CHATML_TEMPLATE,
    clean_up_tokenization_spaces: false,
    eos_token: '<|im_end|>',
    errors: 'replace',
    model_max_length: 512,
    pad_token: '<|endoftext|>',
    split_special_tokens: false,
    tokenizer_class: 'Qwen2Tokenizer',
    unk_token: null,
  };
}
