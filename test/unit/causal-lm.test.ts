import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CausalLm } from '../../src/generate/causal-lm.js';
import { argmax } from '../../src/generate/log-probs.js';
import { labelProbabilities } from '../../src/generate/score-labels.js';
import { inferenceCallCount } from '../../src/runtime/session.js';
import { DECODER_FAMILIES } from '../support/decoder-checkpoint.js';
import { convertedTinyDecoder, referenceLabelLogProb, referenceLastLogits, rowDiff } from '../support/tiny-decoder-model.js';

const TEXTS = ['Senior software engineer with Python and SQL.', 'Nurse', 'Decision: the candidate is'];

async function open(family: (typeof DECODER_FAMILIES)[number]) {
  const model = await convertedTinyDecoder(family);
  return { model, lm: await CausalLm.open(model.modelDir, { threads: 1 }) };
}

for (const family of DECODER_FAMILIES) {
  test(`${family}: prefill of a left-padded batch gives every row's last-token logits of the reference`, async (t) => {
    const { model, lm } = await open(family);
    const rows = TEXTS.map((text) => lm.tokenize(text));
    const { logits, vocabSize, cache } = await lm.prefill(rows);
    assert.equal(cache.length, Math.max(...rows.map((r) => r.length)));
    const expected = referenceLastLogits(model, rows);
    const diff = Math.max(...expected.map((row, b) => rowDiff(logits, b * vocabSize, row)));
    t.diagnostic(`max abs diff ${diff.toExponential(2)}`);
    assert.ok(diff < 1e-4, `max abs diff ${diff}`);
    await lm.dispose();
  });

  test(`${family}: suffixes prefilled on a shared prefix's cache equal prefilling prefix + suffix whole`, async (t) => {
    const { model, lm } = await open(family);
    const prefixIds = lm.tokenize('<|im_start|>system\nScreen the resume for the job.<|im_end|>\n<|im_start|>user\n');
    const suffixes = TEXTS.map((text) => lm.tokenize(text, { specials: 'literal' }));
    const prefix = await lm.prefill([prefixIds]);
    const reused = await lm.prefill(suffixes, { prefix: prefix.cache });
    const whole = await lm.prefill(suffixes.map((s) => [...prefixIds, ...s]));
    const expected = referenceLastLogits(model, suffixes.map((s) => [...prefixIds, ...s]));
    const v = reused.vocabSize;
    const vsWhole = Math.max(...suffixes.map((_, b) => rowDiff(reused.logits, b * v, Float64Array.from(whole.logits.subarray(b * v, (b + 1) * v)))));
    const vsReference = Math.max(...expected.map((row, b) => rowDiff(reused.logits, b * v, row)));
    // One more decode step on both caches: padding in the middle of the reused one stays masked.
    const next = suffixes.map((_, b) => [argmax(reused.logits, b * v, v)]);
    const stepReused = await lm.step(reused.cache, next, 1);
    const stepWhole = await lm.step(whole.cache, next, 1);
    const afterStep = Math.max(...next.map((_, b) => rowDiff(stepReused.logits, b * v, Float64Array.from(stepWhole.logits.subarray(b * v, (b + 1) * v)))));
    t.diagnostic(`max abs diff: vs whole prefill ${vsWhole.toExponential(2)}, vs reference ${vsReference.toExponential(2)}, next step ${afterStep.toExponential(2)}`);
    assert.ok(vsWhole < 1e-4 && vsReference < 1e-4 && afterStep < 1e-4, `${vsWhole} / ${vsReference} / ${afterStep}`);
    assert.deepEqual(reused.cache.nextPositions, suffixes.map((s) => prefixIds.length + s.length));
    await lm.dispose();
  });
}

test('greedy generation with the KV cache equals recomputing the whole sequence every step, row by row', async () => {
  for (const family of ['qwen3', 'llama'] as const) {
    const { lm } = await open(family);
    const prompts = TEXTS.map((text) => lm.tokenize(text));
    const generated = await lm.generate(prompts, { maxNewTokens: 8, eosTokenIds: [], stopStrings: [] });
    for (const [b, prompt] of prompts.entries()) {
      const tokens = [...prompt];
      for (let i = 0; i < 8; i++) {
        const { logits, vocabSize } = await lm.prefill([tokens]);
        tokens.push(argmax(logits, 0, vocabSize));
      }
      assert.deepEqual(generated[b]?.tokens, tokens.slice(prompt.length), `${family} row ${b}`);
      assert.equal(generated[b]?.finish, 'length');
    }
    await lm.dispose();
  }
});

test('label log-probabilities (1, 3 and 4 tokens) match the reference from one prefill plus one step', async (t) => {
  const { model, lm } = await open('qwen2');
  const prefixIds = lm.tokenize('<|im_start|>system\nAnswer SELECTED or REJECTED.<|im_end|>\n');
  const suffixes = TEXTS.map((text) => lm.tokenize(text));
  const labels = [lm.tokenize(' SELECTED'), lm.tokenize(' REJECTED'), lm.tokenize('S'), lm.tokenize(' no')];
  assert.deepEqual(labels.map((l) => l.length), [4, 4, 1, 3]);
  const prefix = await lm.prefill([prefixIds]);
  const before = inferenceCallCount();
  const scores = await lm.scoreLabels(prefix.cache, suffixes, labels);
  assert.equal(inferenceCallCount() - before, 2, 'one prefill of the suffixes and one step for the longer labels');
  let diff = 0;
  suffixes.forEach((suffix, r) => {
    labels.forEach((label, j) => {
      const score = scores[r]?.[j];
      assert.equal(score?.tokenLogProbs.length, label.length);
      diff = Math.max(diff, Math.abs((score?.logProb as number) - referenceLabelLogProb(model, [...prefixIds, ...suffix], label)));
    });
  });
  t.diagnostic(`max abs diff of log P(label) ${diff.toExponential(2)}`);
  assert.ok(diff < 1e-4, `max abs diff ${diff}`);
  const probabilities = labelProbabilities((scores[0] ?? []).slice(0, 2));
  assert.ok(Math.abs((probabilities[0] as number) + (probabilities[1] as number) - 1) < 1e-12);
  const single = inferenceCallCount();
  await lm.scoreLabels(undefined, suffixes, [labels[2] as number[]]);
  assert.equal(inferenceCallCount() - single, 1, 'single-token labels need only the prefill');
  await lm.dispose();
});

test('each row stops on its own: EOS ids, stop strings (cut from the text) and max_new_tokens', async () => {
  const { lm } = await open('llama');
  const prompts = TEXTS.map((text) => lm.tokenize(text));
  const free = await lm.generate(prompts, { maxNewTokens: 6, eosTokenIds: [], stopStrings: [] });
  const eosToken = free[0]?.tokens[2] as number;
  const stopText = (free[1]?.text ?? '').slice(1, 3);
  assert.ok(stopText.length > 0);
  const stopped = await lm.generate(prompts, { maxNewTokens: 6, eosTokenIds: [eosToken], stopStrings: [stopText] });
  assert.equal(stopped[0]?.finish, 'eos');
  assert.deepEqual(stopped[0]?.tokens, free[0]?.tokens.slice(0, (free[0]?.tokens.indexOf(eosToken) as number) + 1));
  assert.equal(stopped[1]?.finish, 'stop');
  assert.ok(!(stopped[1]?.text ?? '').includes(stopText) && (free[1]?.text ?? '').startsWith(stopped[1]?.text ?? 'x'));
  // Row 2 runs until one of the three criteria; whatever it was, its tokens are its free run's.
  const third = stopped[2]?.tokens ?? [];
  assert.deepEqual(third, free[2]?.tokens.slice(0, third.length));
  if (stopped[2]?.finish === 'length') assert.equal(third.length, 6);
  // The defaults come from generation_config.json: eos_token_id [<|im_end|>, <|endoftext|>].
  assert.deepEqual(lm.model.generation.eosTokenIds, [lm.tokenizer.tokenId('<|im_end|>'), lm.tokenizer.tokenId('<|endoftext|>')]);
  await lm.dispose();
});
