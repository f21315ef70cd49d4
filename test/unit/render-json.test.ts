import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson, renderJsonl } from '../../src/report/score/json.js';
import { sampleReport } from '../support/sample-report.js';

test('jsonl golden: one object per match, fixed keys, scores at full precision', () => {
  assert.equal(renderJsonl(sampleReport()), [
    '{"job":"backend","candidate":"alice","score":0.8123456789,"rank":1,"label":"good"}',
    '{"job":"backend","candidate":"=cmd","score":0.45,"rank":2,"label":"mid"}',
    '{"job":"backend","candidate":"-2","score":-0.0500004,"rank":3,"label":"bad"}',
    '{"job":"data, \\"ml\\"","candidate":"@x","score":0.3,"rank":1,"label":"bad"}',
    '{"job":"data, \\"ml\\"","candidate":"multi\\nline","score":0.61,"rank":2,"label":"good"}',
    '',
  ].join('\n'));
  assert.equal(renderJsonl(sampleReport({ matches: [] })), '');
});

test('json: stable key order whatever order the report object was built in', () => {
  const base = sampleReport();
  const shuffled = {
    truncated: base.truncated, histogram: base.histogram, stats: base.stats,
    matches: base.matches.map((m) => ({ label: m.label, rank: m.rank, score: m.score, candidate: m.candidate, job: m.job })),
    per: base.per, dim: base.dim, model: base.model,
  };
  const text = renderJson(shuffled);
  assert.equal(text, renderJson(base));
  const parsed = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), ['model', 'dim', 'per', 'matches', 'stats', 'histogram', 'truncated']);
  assert.ok(text.endsWith('}\n'));
});

test('json golden (compacted): values, full-precision scores and stats, histogram and truncation', () => {
  const parsed: unknown = JSON.parse(renderJson(sampleReport()));
  assert.deepEqual(parsed, {
    model: 'fixtures/models/tiny',
    dim: 8,
    per: 'job',
    matches: [
      { job: 'backend', candidate: 'alice', score: 0.8123456789, rank: 1, label: 'good' },
      { job: 'backend', candidate: '=cmd', score: 0.45, rank: 2, label: 'mid' },
      { job: 'backend', candidate: '-2', score: -0.0500004, rank: 3, label: 'bad' },
      { job: 'data, "ml"', candidate: '@x', score: 0.3, rank: 1, label: 'bad' },
      { job: 'data, "ml"', candidate: 'multi\nline', score: 0.61, rank: 2, label: 'good' },
    ],
    stats: { count: 10, mean: 0.41234567, std: 0.2, min: -0.0500004, max: 0.8123456789, q1: 0.25, median: 0.425, q3: 0.6, iqr: 0.35 },
    histogram: [
      { from: -1, to: 0, count: 1 }, { from: 0, to: 0.1, count: 0 }, { from: 0.1, to: 0.2, count: 1 },
      { from: 0.2, to: 0.3, count: 1 }, { from: 0.3, to: 0.4, count: 2 }, { from: 0.4, to: 0.5, count: 1 },
      { from: 0.5, to: 0.6, count: 0 }, { from: 0.6, to: 0.7, count: 3 }, { from: 0.7, to: 0.8, count: 0 },
      { from: 0.8, to: 0.9, count: 1 }, { from: 0.9, to: 1, count: 0 },
    ],
    truncated: { candidates: 2, jobs: 1 },
  });
});

test('json pretty layout: two-space indent, first lines', () => {
  const lines = renderJson(sampleReport()).split('\n');
  assert.deepEqual(lines.slice(0, 7), [
    '{',
    '  "model": "fixtures/models/tiny",',
    '  "dim": 8,',
    '  "per": "job",',
    '  "matches": [',
    '    {',
    '      "job": "backend",',
  ]);
});

test('a float32 score prints its exact value (it reads back as the same float32), tiny scores are not rounded to 0, -0 prints 0', () => {
  const report = sampleReport({
    matches: [
      { job: 'j', candidate: 'a', score: Math.fround(0.7), rank: 1, label: 'good' },
      { job: 'j', candidate: 'b', score: -1e-9, rank: 2, label: 'bad' },
      { job: 'j', candidate: 'c', score: -0, rank: 3, label: 'bad' },
    ],
  });
  const lines = renderJsonl(report).trim().split('\n').map((l) => JSON.parse(l) as { score: number });
  assert.equal(Math.fround(lines[0]!.score), Math.fround(0.7));
  assert.equal(lines[0]!.score, Math.fround(0.7));
  assert.equal(lines[1]!.score, -1e-9);
  assert.match(renderJsonl(report), /"candidate":"c","score":0,/);
});
