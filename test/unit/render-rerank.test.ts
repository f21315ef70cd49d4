import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/errors.js';
import type { JobRanking, RerankInfo } from '../../src/rerank/pipeline.js';
import { csvColumns, renderRerankHeader, renderRerankJob, renderRerankJson } from '../../src/report/rerank.js';
import type { Skill } from '../../src/rerank/skills.js';

const skills: Skill[] = [
  { id: 'a', label: '=HYPERLINK("x")', aliases: [] },
  { id: 'b', label: 'team, leadership', aliases: [] },
];
const info: RerankInfo = {
  retriever: { name: 'bi', dim: 8 },
  reranker: { name: 'ce', labels: ['irrelevant', 'contextual', 'core'], ceScore: 'logit', coreClass: 2 },
  candidates: 1,
  search: 'exact',
  alpha: 0.7,
  skillText: 'label',
  fullRanking: true,
};
const ranking: JobRanking = {
  job: { id: 'q1', title: 'Nurse' },
  skillIndex: Uint32Array.of(1, 0),
  score: Float64Array.of(0.5, -1.25),
  biScore: Float32Array.of(0.75, 0.75),
  reranked: 1,
  logits: Float32Array.of(-1, 0, 1),
  probabilities: Float32Array.of(0.1, 0.2, 0.7),
  predicted: Uint8Array.of(2),
  ceScore: Float64Array.of(1),
};

test('csv: header from the labels, stage-2 cells empty beyond the top K, formulas neutralised, numbers stay numbers', () => {
  assert.deepEqual(csvColumns(info).slice(-6), ['logit_irrelevant', 'logit_contextual', 'logit_core', 'p_irrelevant', 'p_contextual', 'p_core']);
  const text = renderRerankHeader('csv', info) + renderRerankJob('csv', ranking, skills, info);
  const lines = text.trim().split('\n');
  // Probabilities are float32 values, written exactly (full precision in machine formats).
  const [p1, p2, p3] = [0.1, 0.2, 0.7].map((p) => Math.fround(p));
  assert.equal(lines[1], `q1,Nurse,1,b,"team, leadership",0.5,0.75,1,core,-1,0,1,${p1},${p2},${p3}`);
  assert.equal(lines[2], 'q1,Nurse,2,a,"\'=HYPERLINK(""x"")",-1.25,0.75,,,,,,,,');
});

test('trec: six space-separated columns, 6-decimal scores; ids with whitespace are refused', () => {
  assert.equal(renderRerankJob('trec', ranking, skills, info, 'run1'), 'q1 Q0 b 1 0.500000 run1\nq1 Q0 a 2 -1.250000 run1\n');
  assert.throws(() => renderRerankJob('trec', { ...ranking, job: { id: 'q 1', title: 'x' } }, skills, info), (e: unknown) => e instanceof UsageError && /job id 'q 1'/.test(e.message));
  assert.throws(() => renderRerankJob('trec', ranking, skills, info, 'my run'), /run tag/);
});

interface Doc {
  models: unknown;
  stage2: string;
  settings: Record<string, unknown>;
  jobs: Array<{ skills: Array<Record<string, unknown>> }>;
}

test('json: models, settings and per-skill details; stage 2 skipped is stated', () => {
  const doc = JSON.parse(renderRerankJson({ ...info, truncated: { skills: 0, jobs: 0, pairs: 0 } }, [ranking], skills)) as Doc;
  assert.deepEqual(doc.models, { retriever: 'bi', reranker: 'ce' });
  assert.deepEqual(doc.jobs[0]!.skills[0], {
    rank: 1, skill_id: 'b', skill: 'team, leadership', score: 0.5, bi_score: 0.75, ce_score: 1,
    logits: { irrelevant: -1, contextual: 0, core: 1 }, probabilities: { irrelevant: Math.fround(0.1), contextual: Math.fround(0.2), core: Math.fround(0.7) }, predicted: 'core',
  });
  assert.deepEqual(Object.keys(doc.jobs[0]!.skills[1]!), ['rank', 'skill_id', 'skill', 'score', 'bi_score']);
  const skipped = JSON.parse(renderRerankJson({ ...info, reranker: undefined, truncated: { skills: 0, jobs: 0, pairs: 0 } }, [], skills)) as Doc;
  assert.equal((skipped.models as { reranker: unknown }).reranker, null);
  assert.match(skipped.stage2, /^skipped/);
  assert.equal(skipped.settings['alpha'], null);
});
