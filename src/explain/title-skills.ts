/** The top of a `rerank` ranking for a job title, as weighted job skills. */
import type { JobRanking, RerankInfo } from '../rerank/pipeline.js';
import type { TitleSkill } from './job-skills.js';

/**
 * The first `n` skills of `ranking`. With a cross-encoder each gets its predicted class: the
 * core class -> core, a class named like "irrelevant" -> null (left out of the job's skills),
 * any other -> contextual; without one (or with a single-logit model) every skill is contextual.
 *
 * @example
 * titleSkills(ranking, info, 10) // [{ skill: 412, rank: 1, score: 0.93, predicted: 'core', weight: 'core' }, ...]
 */
export function titleSkills(ranking: JobRanking, info: RerankInfo, n: number): TitleSkill[] {
  const out: TitleSkill[] = [];
  const count = Math.min(n, ranking.skillIndex.length);
  for (let i = 0; i < count; i++) {
    const entry: TitleSkill = { skill: ranking.skillIndex[i] as number, rank: i + 1, score: ranking.score[i] as number, weight: 'contextual' };
    const reranker = info.reranker;
    if (reranker !== undefined && ranking.predicted !== undefined && i < ranking.reranked) {
      const cls = ranking.predicted[i] as number;
      const label = reranker.labels[cls] ?? String(cls);
      entry.predicted = label;
      entry.weight = cls === reranker.coreClass ? 'core' : /irrelevant/i.test(label) ? null : 'contextual';
    }
    out.push(entry);
  }
  return out;
}
