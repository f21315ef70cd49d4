/** The offline lite model, `lite` or `lite:KEY=VALUE,…`: built into the model cache on first use. */
import { ensureLiteModel } from '../lite/lite-cache.js';
import { parseLiteSpec } from '../lite/lite-spec.js';
import { DEFAULT_LITE_VARIANT, type LiteVariant } from '../lite/lite-variant.js';
import type { ModelSource, SourceKind } from './model-source.js';

/** A lite variant as a source; `source` overrides the word-vector file (tests). */
export function liteSource(variant: LiteVariant = DEFAULT_LITE_VARIANT, spec = 'lite', source?: string): ModelSource {
  return {
    kind: 'lite',
    spec,
    locate: (context) =>
      ensureLiteModel(variant, { env: context.env, ...(context.cacheDir === undefined ? {} : { cacheDir: context.cacheDir }), notice: (message) => context.reporter.notice(message), ...(source === undefined ? {} : { source }) }),
  };
}

export const LITE_KIND: SourceKind = {
  name: 'lite',
  syntax: 'lite[:KEY=VALUE,...] (the offline word-vector model)',
  async parse(spec) {
    const variant = parseLiteSpec(spec);
    return variant === undefined ? undefined : liteSource(variant, spec);
  },
};
