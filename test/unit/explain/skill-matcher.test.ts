import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longestHits, SkillMatcher, type MatchableSkill } from '../../../src/explain/skill-matcher.js';

const SKILLS: MatchableSkill[] = [
  { label: 'Java (computer programming)', aliases: [] },
  { label: 'JavaScript', aliases: [] },
  { label: 'C (computer programming)', aliases: [] },
  { label: 'R', aliases: [] },
  { label: 'C++', aliases: [] },
  { label: 'machine learning', aliases: ['ML'] },
  { label: 'learning', aliases: [] },
  { label: 'e-commerce', aliases: [] },
  { label: 'database', aliases: [] },
  { label: 'Spark', aliases: [] },
];

const found = (matcher: SkillMatcher, text: string): string[] => matcher.match(text).map((h) => `${SKILLS[h.skill]!.label}=${text.slice(h.start, h.end)}`);

test('whole tokens only: java is not found inside javascript', () => {
  const m = SkillMatcher.build(SKILLS);
  assert.deepEqual(found(m, 'JavaScript and java'), ['JavaScript=JavaScript', 'Java (computer programming)=java']);
  assert.deepEqual(found(m, 'javanese'), []);
});

test('a label with a trailing qualifier is also matched without it', () => {
  const m = SkillMatcher.build(SKILLS);
  assert.deepEqual(found(m, 'Java (computer programming)'), ['Java (computer programming)=Java (computer programming', 'Java (computer programming)=Java']);
});

test('short labels match only as spelled in the skills file and not glued to & - / or apostrophes', () => {
  const m = SkillMatcher.build(SKILLS);
  assert.deepEqual(found(m, 'Languages: C, R and C++.'), ['C (computer programming)=C', 'R=R', 'C++=C++']);
  assert.deepEqual(found(m, 'c and r'), []);
  assert.deepEqual(found(m, 'R&D for the C-suite, I/O and R’s'), []);
  assert.deepEqual(found(m, 'ML models'), ['machine learning=ML']);
  assert.deepEqual(found(m, 'ml of water'), []);
});

test('ordinary-word labels (spark) are case-sensitive too; others ignore case', () => {
  const m = SkillMatcher.build(SKILLS);
  assert.deepEqual(found(m, 'a spark of Spark'), ['Spark=Spark']);
  assert.deepEqual(found(m, 'DATABASE'), ['database=DATABASE']);
});

test('plural and hyphen variants: databases, e-commerce, e commerce, ecommerce', () => {
  const m = SkillMatcher.build(SKILLS);
  assert.deepEqual(found(m, 'Databases'), ['database=Databases']);
  assert.deepEqual(found(m, 'e-commerce, e commerce, eCommerce'), ['e-commerce=e-commerce', 'e-commerce=e commerce', 'e-commerce=eCommerce']);
});

test('longestHits keeps the longest label at each place: machine learning, not learning too', () => {
  const m = SkillMatcher.build(SKILLS);
  const hits = m.match('machine learning and learning');
  assert.equal(hits.length, 3);
  assert.deepEqual(longestHits(hits).map((h) => SKILLS[h.skill]!.label), ['machine learning', 'learning']);
});

test('generic one-token aliases (a token of 10+ skills) are dropped; a one-token preferred label is kept; preferred labels beat aliases', () => {
  const skills: MatchableSkill[] = Array.from({ length: 10 }, (_, i) => ({ label: `data skill ${i}`, aliases: [] }));
  skills.push({ label: 'statistics', aliases: ['data'] }, { label: 'data', aliases: [] });
  const m = SkillMatcher.build(skills);
  assert.deepEqual(m.match('data').map((h) => skills[h.skill]!.label), ['data']);
  // The same alias in two skills: one pattern, both reported; an alias that is another skill's
  // preferred label is left to that skill.
  const twice = SkillMatcher.build([{ label: 'SQL databases', aliases: ['sql'] }, { label: 'database queries', aliases: ['SQL'] }, { label: 'project management', aliases: [] }, { label: 'project commissioning', aliases: ['project management'] }]);
  assert.equal(twice.patternCount, 5);
  assert.deepEqual(twice.match('sql').map((h) => h.skill), [0, 1]);
  assert.deepEqual(twice.match('project management').map((h) => h.skill), [2]);
});

test('offsets point into the original text past accents and emoji', () => {
  const m = SkillMatcher.build(SKILLS);
  const text = '😀 Développeur: e‑commerce & databases';
  const hits = m.match(text);
  assert.deepEqual(hits.map((h) => text.slice(h.start, h.end)), ['e‑commerce', 'databases']);
});
