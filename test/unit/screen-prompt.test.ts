import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError, UsageError } from '../../src/errors.js';
import { renderPrompt } from '../../src/screen/chat-prompt.js';
import { decisionLabels, parseLabels } from '../../src/screen/labels.js';
import { DEFAULT_PROMPT, parsePromptText, readPromptFile } from '../../src/screen/prompt.js';
import { PromptTokens } from '../../src/screen/prompt-tokens.js';
import { CHATML_TEMPLATE } from '../support/tiny-bpe-tokenizer.js';

const LABELS = ['SELECTED', 'REJECTED'] as const;

test('prompt text: placeholders become slots, {{ and }} are literal braces, an unknown placeholder names the valid ones', () => {
  assert.deepEqual(parsePromptText('Job {job} / CV {candidate} {{x}}', 'p.txt'), [{ text: 'Job ' }, { slot: 'job' }, { text: ' / CV ' }, { slot: 'candidate' }, { text: ' {x}' }]);
  assert.throws(() => parsePromptText('Job {title}', 'p.txt'), (e: unknown) => e instanceof InputError && /p\.txt: unknown placeholder '\{title\}'; a prompt may use \{job\}, \{candidate\}, \{selected\}, \{rejected\}/.test(e.message));
  assert.throws(() => parsePromptText('Job {job', 'p.txt'), /not closed/);
});

test('--prompt FILE must hold {job} and {candidate} once each; it becomes the user turn', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-prompt-'));
  const ok = path.join(dir, 'ok.txt');
  writeFileSync(ok, 'Job: {job}\nResume: {candidate}\nAnswer:\n');
  const prompt = await readPromptFile(ok);
  assert.equal(prompt.system, undefined);
  assert.equal(prompt.user, 'Job: {job}\nResume: {candidate}\nAnswer:\n');
  assert.equal(prompt.version, `file:${ok}`);
  const missing = path.join(dir, 'missing.txt');
  writeFileSync(missing, 'Job: {job}\n');
  await assert.rejects(readPromptFile(missing), /must hold \{candidate\} exactly once, found 0/);
  const twice = path.join(dir, 'twice.txt');
  writeFileSync(twice, '{job} {job} {candidate}');
  await assert.rejects(readPromptFile(twice), /must hold \{job\} exactly once, found 2/);
  await assert.rejects(readPromptFile(path.join(dir, 'nope.txt')), /cannot read the prompt: no such file/);
});

test('the default prompt renders through the ChatML template: job before candidate, labels filled in, the assistant turn opened', () => {
  const pieces = renderPrompt({ prompt: DEFAULT_PROMPT, labels: LABELS, chatTemplate: CHATML_TEMPLATE, tokenizerConfig: {}, modelName: 'm' });
  assert.deepEqual(pieces.map((p) => ('slot' in p ? `<${p.slot}>` : 'text')), ['text', '<job>', 'text', '<candidate>', 'text']);
  const [head, , middle, , tail] = pieces.map((p) => ('text' in p ? p.text : ''));
  assert.ok(head!.startsWith('<|im_start|>system\nYou screen job applications'));
  assert.match(head!, /Answer with SELECTED or REJECTED on the first line/);
  assert.ok(head!.endsWith('<|im_end|>\n<|im_start|>user\nJob posting:\n'));
  assert.equal(middle, '\n\nCandidate resume:\n');
  assert.equal(tail, '\n\nShould this candidate be SELECTED for an interview or REJECTED?<|im_end|>\n<|im_start|>assistant\n');
});

test('without a chat template the default prompt is a usage error; a --prompt text is used as the raw prompt', () => {
  assert.throws(
    () => renderPrompt({ prompt: DEFAULT_PROMPT, labels: LABELS, chatTemplate: undefined, tokenizerConfig: {}, modelName: 'base-model' }),
    (e: unknown) => e instanceof UsageError && /base-model has no chat template .* give --prompt FILE/.test(e.message),
  );
  const raw = renderPrompt({ prompt: { version: 'file:p', system: undefined, user: 'Job: {job}\nCV: {candidate}\nDecision ({selected}/{rejected}):' }, labels: ['YES', 'NO'], chatTemplate: undefined, tokenizerConfig: {}, modelName: 'm' });
  assert.deepEqual(raw, [{ text: 'Job: ' }, { slot: 'job' }, { text: '\nCV: ' }, { slot: 'candidate' }, { text: '\nDecision (YES/NO):' }]);
});

test('labels: two different ones, each written back exactly by the tokenizer', () => {
  assert.deepEqual(parseLabels('YES, NO'), ['YES', 'NO']);
  assert.throws(() => parseLabels('YES'), /two comma-separated labels/);
  assert.throws(() => parseLabels('A,A'), /names 'A' twice/);
  const bytes = (t: string): number[] => [...Buffer.from(t)];
  const decode = (ids: readonly number[]): string => Buffer.from(ids).toString();
  assert.deepEqual(decisionLabels(['YES', 'NO'], bytes, decode).ids, [bytes('YES'), bytes('NO')]);
  // A word-piece vocabulary without the letter 'Ö' reads it back as [UNK].
  const lossy = (ids: readonly number[]): string => decode(ids).replace(/Ö/g, '[UNK]');
  assert.throws(() => decisionLabels(['SELECTED', 'ÖK'], bytes, lossy), (e: unknown) => e instanceof UsageError && /the label 'ÖK' cannot be produced .* read back as '\[UNK\]K'/.test(e.message));
  assert.throws(() => decisionLabels(['yes', 'YES'], (t) => bytes(t.toLowerCase()), (ids) => decode(ids).toUpperCase()), /cannot be produced|same tokens/);
});

test('prompt tokens: the prefix ends before the resume, a long resume loses only its end, a job without room is an error naming it', () => {
  const pieces = [{ text: 'AB' }, { slot: 'job' as const }, { text: 'C' }, { slot: 'candidate' as const }, { text: 'DE' }];
  const chars = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
  const tokens = new PromptTokens(pieces, chars, 20, 3);
  assert.equal(tokens.jobInPrefix, true);
  const short = tokens.pair({ id: 'j1', text: 'jj' }, 'cccc');
  assert.deepEqual(short.prefix, chars('ABjjC'));
  assert.deepEqual(short.suffix, chars('ccccDE'));
  assert.equal(short.truncated, false);
  // 20 - 3 reserved - 7 fixed tokens leave 10 for the resume.
  const long = tokens.pair({ id: 'j1', text: 'jj' }, 'x'.repeat(25));
  assert.equal(long.truncated, true);
  assert.equal(long.candidateTokens, 25);
  assert.deepEqual(long.suffix, chars(`${'x'.repeat(10)}DE`));
  assert.equal(long.prefix.length + long.suffix.length, 17);
  assert.throws(() => tokens.pair({ id: 'big', text: 'j'.repeat(13) }, 'c'), (e: unknown) => e instanceof InputError && /job 'big': its text \(13 tokens\) and the prompt's instructions \(5\) leave no room/.test(e.message));
  const candidateFirst = new PromptTokens([{ text: 'A' }, { slot: 'candidate' }, { text: 'B' }, { slot: 'job' }], chars, 50, 0);
  assert.equal(candidateFirst.jobInPrefix, false);
  assert.deepEqual(candidateFirst.pair({ id: 'j', text: 'J' }, 'C').prefix, chars('A'));
});
