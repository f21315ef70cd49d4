import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import { liteModelPath, modelCacheRoot } from '../../src/lite/lite-cache.js';
import { parseLiteSpec } from '../../src/lite/lite-spec.js';
import { DEFAULT_LITE_VARIANT, liteVariantId, parseVocab } from '../../src/lite/lite-variant.js';

test('variant ids name every setting', () => {
  assert.equal(liteVariantId(DEFAULT_LITE_VARIANT), 'v1-100k-sif0.001-cc-pdrop-dkeep-hsplit');
  assert.equal(
    liteVariantId({ vocab: 'all', pooling: 'mean', sifA: 0.5, removeCommon: false, punct: 'keep', digits: 'drop', hyphens: 'keep' }),
    'v1-all-mean-nocc-pkeep-ddrop-hkeep',
  );
  assert.equal(liteVariantId({ ...DEFAULT_LITE_VARIANT, vocab: 12_345, sifA: 1e-4 }), 'v1-12345-sif0.0001-cc-pdrop-dkeep-hsplit');
});

test('--model lite[:settings] parses into a variant; other names are not lite', () => {
  assert.deepEqual(parseLiteSpec('lite'), DEFAULT_LITE_VARIANT);
  assert.deepEqual(parseLiteSpec('lite:vocab=50k,pooling=mean,common=off,punct=keep,digits=drop,hyphens=keep,sif-a=0.01'), {
    vocab: 50_000,
    pooling: 'mean',
    sifA: 0.01,
    removeCommon: false,
    punct: 'keep',
    digits: 'drop',
    hyphens: 'keep',
  });
  assert.equal(parseLiteSpec('models/lite'), undefined);
  assert.equal(parseLiteSpec('literal'), undefined);
  assert.throws(() => parseLiteSpec('lite:colour=blue'), (e: unknown) => e instanceof UsageError && /unknown lite setting 'colour'; valid: vocab, pooling/.test(e.message));
  assert.throws(() => parseLiteSpec('lite:sif-a=-1'), UsageError);
  assert.throws(() => parseVocab('0'), UsageError);
  assert.equal(parseVocab('ALL'), 'all');
});

test('the cache follows XDG_CACHE_HOME, else ~/.cache', () => {
  assert.equal(modelCacheRoot({ XDG_CACHE_HOME: '/x/cache' }), path.join('/x/cache', 'resumator'));
  assert.match(modelCacheRoot({}), /\.cache[/\\]resumator$/);
  assert.equal(liteModelPath(DEFAULT_LITE_VARIANT, { XDG_CACHE_HOME: '/c' }), path.join('/c', 'resumator', 'lite', 'v1-100k-sif0.001-cc-pdrop-dkeep-hsplit'));
});
