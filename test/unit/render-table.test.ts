import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable } from '../../src/report/score/table.js';
import { sampleReport } from '../support/sample-report.js';

const HISTOGRAM = [
  'Histogram',
  '       <0 | #############                            |    1 ( 10.0%)',
  '  0.0-0.1 |                                          |    0 (  0.0%)',
  '  0.1-0.2 | #############                            |    1 ( 10.0%)',
  '  0.2-0.3 | #############                            |    1 ( 10.0%)',
  '  0.3-0.4 | ###########################              |    2 ( 20.0%)',
  '  0.4-0.5 | #############                            |    1 ( 10.0%)',
  '  0.5-0.6 |                                          |    0 (  0.0%)',
  '  0.6-0.7 | ######################################## |    3 ( 30.0%)',
  '  0.7-0.8 |                                          |    0 (  0.0%)',
  '  0.8-0.9 | #############                            |    1 ( 10.0%)',
  '  0.9-1.0 |                                          |    0 (  0.0%)',
];

const STATS = [
  'Score distribution (all 10 candidate-job scores)',
  '  mean     0.412    std      0.200',
  '  min     -0.050    max      0.812',
  '  q1       0.250    median   0.425    q3       0.600',
  '  iqr      0.350',
];

test('per job: groups, aligned rows, stats, histogram, truncation note', () => {
  const expected = [
    'Model: fixtures/models/tiny (dim 8)',
    '',
    'Job: backend',
    '  rank  candidate     score  label',
    '     1  alice         0.812  good',
    '     2  =cmd          0.450  mid',
    '     3  -2           -0.050  bad',
    '',
    'Job: data, "ml"',
    '  rank  candidate     score  label',
    '     1  @x            0.300  bad',
    '     2  multi\\nline   0.610  good',
    '',
    ...STATS,
    '',
    ...HISTOGRAM,
    '',
    "Note: 2 candidate texts and 1 job text were truncated to the model's maximum sequence length; scores see only the start of a truncated text.",
    '',
  ].join('\n');
  assert.equal(renderTable(sampleReport()), expected);
});

test('per candidate: one group per candidate, job column; singular note; no note when nothing truncated', () => {
  const matches = [
    { job: 'backend', candidate: 'alice', score: 0.8, rank: 1, label: 'good' as const },
    { job: 'frontend', candidate: 'alice', score: 0.25, rank: 2, label: 'bad' as const },
    { job: 'frontend', candidate: 'bob', score: 0.5, rank: 1, label: 'mid' as const },
  ];
  const text = renderTable(sampleReport({ per: 'candidate', matches, truncated: { candidates: 0, jobs: 1 } }));
  const head = text.split('\n').slice(0, 11).join('\n');
  assert.equal(head, [
    'Model: fixtures/models/tiny (dim 8)',
    '',
    'Candidate: alice',
    '  rank  job       score  label',
    '     1  backend   0.800  good',
    '     2  frontend  0.250  bad',
    '',
    'Candidate: bob',
    '  rank  job       score  label',
    '     1  frontend  0.500  mid',
    '',
  ].join('\n'));
  assert.ok(text.endsWith("\nNote: 1 job text was truncated to the model's maximum sequence length; scores see only the start of a truncated text.\n"));
  const clean = renderTable(sampleReport({ truncated: { candidates: 0, jobs: 0 } }));
  assert.ok(!clean.includes('Note:'));
  assert.ok(clean.endsWith(`${HISTOGRAM[HISTOGRAM.length - 1]}\n`));
});

test('no matches and an empty distribution still render without NaN', () => {
  const empty = sampleReport({
    matches: [],
    stats: { count: 0, mean: 0, std: 0, min: 0, max: 0, q1: 0, median: 0, q3: 0, iqr: 0 },
    histogram: [{ from: -1, to: 0, count: 0 }, { from: 0, to: 0.1, count: 0 }],
    truncated: { candidates: 0, jobs: 0 },
  });
  assert.equal(renderTable(empty), [
    'Model: fixtures/models/tiny (dim 8)',
    '',
    'No matches.',
    '',
    'Score distribution (all 0 candidate-job scores)',
    '  mean     0.000    std      0.000',
    '  min      0.000    max      0.000',
    '  q1       0.000    median   0.000    q3       0.000',
    '  iqr      0.000',
    '',
    'Histogram',
    '       <0 |                                          |    0 (  0.0%)',
    '  0.0-0.1 |                                          |    0 (  0.0%)',
    '',
  ].join('\n'));
});

test('a small bin next to a huge one still shows one #; terminal escapes in ids are neutralised', () => {
  const text = renderTable(sampleReport({
    matches: [{ job: 'j\u001b[31m', candidate: 'c\u0007', score: 0.5, rank: 1, label: 'mid' }],
    histogram: [{ from: 0, to: 0.1, count: 1 }, { from: 0.1, to: 0.2, count: 100_000 }],
  }));
  assert.ok(text.includes('Job: j\\u001b[31m\n'));
  assert.ok(text.includes('     1  c\\u0007    0.500  mid\n'));
  assert.ok(text.includes(`  0.0-0.1 | #${' '.repeat(39)} |      1 (  0.0%)\n`));
  assert.ok(text.includes(`  0.1-0.2 | ${'#'.repeat(40)} | 100000 (100.0%)\n`));
});
