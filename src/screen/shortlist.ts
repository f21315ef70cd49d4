/**
 * `screen --shortlist N`: the bi-encoder of `score` ranks every candidate for every job first,
 * and only each job's top N go to the (far more expensive) language model.
 */
import { embedSets, type EmbeddingSettings } from '../embed/embed-sets.js';
import type { ModelDirectory } from '../model/model-dir.js';
import { forEachSimilarityBlock } from '../similarity/block-similarity.js';
import { TopKGroups } from '../similarity/top-k.js';
import type { ScreenPair } from './screen-pairs.js';

/**
 * The top `n` candidates of each job by cosine similarity, jobs in input order, best first.
 *
 * @example
 * const pairs = await shortlistPairs(retriever, candidateTexts, jobTexts, 20, { batchSize: 50, reporter });
 */
export async function shortlistPairs(model: ModelDirectory, candidates: readonly string[], jobs: readonly string[], n: number, settings: EmbeddingSettings): Promise<ScreenPair[]> {
  const embedded = await embedSets(
    model,
    [
      { label: 'candidates', texts: candidates },
      { label: 'jobs', texts: jobs },
    ],
    settings,
  );
  const [cand, job] = embedded.sets as [(typeof embedded.sets)[0], (typeof embedded.sets)[0]];
  const groups = new TopKGroups(cand.count, job.count, { k: n, per: 'job' });
  await forEachSimilarityBlock(cand.vectors, cand.count, job.vectors, job.count, embedded.dim, (rowStart, rowCount, block) => groups.addBlock(rowStart, rowCount, block), settings.threads === undefined ? {} : { threads: settings.threads });
  const pairs: ScreenPair[] = [];
  for (let j = 0; j < groups.groupCount; j++) {
    groups.sorted(j).forEach(({ index, score }, rank) => pairs.push({ job: j, candidate: index, shortlist: { rank: rank + 1, score } }));
  }
  return pairs;
}
