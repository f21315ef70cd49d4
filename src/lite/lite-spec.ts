/**
 * `--model lite` and `--model lite:KEY=VALUE,...`: the lite model, default or a variant, named
 * on the command line so `score`/`eval` can compare variants without building directories by
 * hand. Keys mirror the `models build-lite` options.
 */
import { UsageError } from '../errors.js';
import {
  DEFAULT_LITE_VARIANT,
  DIGIT_HANDLINGS,
  HYPHEN_HANDLINGS,
  LITE_POOLINGS,
  PUNCT_HANDLINGS,
  parseVocab,
  validateLiteVariant,
  type LiteVariant,
} from './lite-variant.js';

const SPEC_KEYS = ['vocab', 'pooling', 'sif-a', 'common', 'punct', 'digits', 'hyphens'] as const;

/**
 * The variant a `--model` value names, or undefined when it does not name the lite model.
 *
 * @example
 * parseLiteSpec('lite:vocab=50k,pooling=mean'); // { ...DEFAULT_LITE_VARIANT, vocab: 50000, pooling: 'mean' }
 * parseLiteSpec('models/mpnet'); // undefined
 */
export function parseLiteSpec(spec: string): LiteVariant | undefined {
  if (spec !== 'lite' && !spec.startsWith('lite:')) return undefined;
  const variant: LiteVariant = { ...DEFAULT_LITE_VARIANT };
  const body = spec.slice('lite:'.length);
  if (spec === 'lite' || body === '') return variant;
  for (const pair of body.split(',')) {
    const [key = '', value = ''] = pair.split('=').map((s) => s.trim());
    switch (key) {
      case 'vocab':
        variant.vocab = parseVocab(value);
        break;
      case 'pooling':
        variant.pooling = choice(key, value, LITE_POOLINGS);
        break;
      case 'sif-a':
        variant.sifA = Number(value);
        break;
      case 'common':
        variant.removeCommon = choice(key, value, ['on', 'off']) === 'on';
        break;
      case 'punct':
        variant.punct = choice(key, value, PUNCT_HANDLINGS);
        break;
      case 'digits':
        variant.digits = choice(key, value, DIGIT_HANDLINGS);
        break;
      case 'hyphens':
        variant.hyphens = choice(key, value, HYPHEN_HANDLINGS);
        break;
      default:
        throw new UsageError(`--model ${spec}: unknown lite setting '${key}'; valid: ${SPEC_KEYS.join(', ')} (e.g. lite:vocab=50k,pooling=mean)`);
    }
  }
  return validateLiteVariant(variant);
}

function choice<T extends string>(key: string, value: string, valid: readonly T[]): T {
  if (!(valid as readonly string[]).includes(value)) throw new UsageError(`lite setting ${key}='${value}' is invalid; valid: ${valid.join(', ')}`);
  return value as T;
}
