import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidateSkills, explainMatch } from '../../../src/explain/candidate-skills.js';
import { jobSkills, type TitleSkill } from '../../../src/explain/job-skills.js';
import { SkillMatcher } from '../../../src/explain/skill-matcher.js';
import { titleSkills } from '../../../src/explain/title-skills.js';
import type { JobRanking, RerankInfo } from '../../../src/rerank/pipeline.js';

const CORPUS = [
  { id: 'py', label: 'Python', aliases: ['python development'] },
  { id: 'sql', label: 'SQL', aliases: [] },
  { id: 'k8s', label: 'Kubernetes', aliases: [] },
  { id: 'ml', label: 'machine learning', aliases: [] },
  { id: 'care', label: 'patient care', aliases: [] },
];
const matcher = SkillMatcher.build(CORPUS);

test('job skills: stated in the description are core with evidence; title-only ones take their weight; irrelevant ones dropped', () => {
  const description = 'We use Python and SQL. Python daily.';
  const title: TitleSkill[] = [
    { skill: 3, rank: 1, score: 0.9, predicted: 'core', weight: 'core' },
    { skill: 0, rank: 2, score: 0.8, predicted: 'contextual', weight: 'contextual' },
    { skill: 2, rank: 3, score: 0.7, predicted: 'contextual', weight: 'contextual' },
    { skill: 4, rank: 4, score: 0.1, predicted: 'irrelevant', weight: null },
  ];
  const skills = jobSkills(matcher, CORPUS, description, title);
  assert.deepEqual(skills.map((s) => [s.id, s.weight, s.sources.join('+')]), [
    ['py', 'core', 'description+title'],
    ['sql', 'core', 'description'],
    ['ml', 'core', 'title'],
    ['k8s', 'contextual', 'title'],
  ]);
  assert.deepEqual(skills[0]!.evidence.map((e) => [e.field, e.start, e.end, e.text]), [['description', 7, 13, 'Python'], ['description', 23, 29, 'Python']]);
  assert.deepEqual(skills[0]!.title, { rank: 2, score: 0.8, predicted: 'contextual' });
  assert.equal(skills[1]!.title, undefined);
});

test('coverage weighs core 2 and contextual 1; evidence comes from the Skills field and the resume', () => {
  const skills = jobSkills(matcher, CORPUS, 'Python, SQL', [{ skill: 2, rank: 1, score: 0.5, weight: 'contextual' }]);
  const shown = candidateSkills(matcher, CORPUS, { resume: 'I write python development tools.', skills: ['Kubernetes (CKA)'] });
  const e = explainMatch(skills, shown);
  // Python (core 2) + Kubernetes (contextual 1) of Python + SQL (core) + Kubernetes: 3 / 5.
  assert.equal(e.coverage, 3 / 5);
  assert.deepEqual(e.matched.map((m) => m.id), ['py', 'k8s']);
  assert.deepEqual(e.missing, [{ id: 'sql', label: 'SQL', weight: 'core' }]);
  // Two labels of one skill on one stretch are one mention, the longer.
  assert.deepEqual(e.matched[0]!.evidence, [{ field: 'resume', start: 8, end: 26, text: 'python development' }]);
  assert.deepEqual(e.matched[1]!.evidence, [{ field: 'skills', index: 0, start: 0, end: 10, text: 'Kubernetes' }]);
  assert.equal(explainMatch([], shown).coverage, null);
});

test('title skills: the cross-encoder class sets the weight; without one every skill is contextual', () => {
  const ranking: JobRanking = {
    job: { id: 'j', title: 'Nurse' },
    skillIndex: Uint32Array.from([4, 1, 0]),
    score: Float64Array.from([0.9, 0.5, 0.2]),
    biScore: new Float32Array(3),
    reranked: 3,
    logits: new Float32Array(9),
    probabilities: new Float32Array(9),
    predicted: Uint8Array.from([2, 1, 0]),
    ceScore: new Float64Array(3),
  };
  const info = { reranker: { name: 'ce', labels: ['irrelevant', 'contextual', 'core'], ceScore: 'logit', coreClass: 2 } } as unknown as RerankInfo;
  assert.deepEqual(titleSkills(ranking, info, 5).map((t) => [t.skill, t.rank, t.predicted, t.weight]), [
    [4, 1, 'core', 'core'],
    [1, 2, 'contextual', 'contextual'],
    [0, 3, 'irrelevant', null],
  ]);
  const biOnly = { reranker: undefined } as unknown as RerankInfo;
  assert.deepEqual(titleSkills({ ...ranking, predicted: undefined, reranked: 0 }, biOnly, 2).map((t) => t.weight), ['contextual', 'contextual']);
});
