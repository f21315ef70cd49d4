/** A small hand-built report for the renderer golden tests, with awkward ids on purpose. */
import type { ScoreReport } from '../../src/report/score/score-report.js';

export function sampleReport(overrides: Partial<ScoreReport> = {}): ScoreReport {
  return {
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
    stats: {
      count: 10,
      mean: 0.41234567,
      std: 0.2,
      min: -0.0500004,
      max: 0.8123456789,
      q1: 0.25,
      median: 0.425,
      q3: 0.6,
      iqr: 0.35,
    },
    histogram: [
      { from: -1, to: 0, count: 1 },
      { from: 0, to: 0.1, count: 0 },
      { from: 0.1, to: 0.2, count: 1 },
      { from: 0.2, to: 0.3, count: 1 },
      { from: 0.3, to: 0.4, count: 2 },
      { from: 0.4, to: 0.5, count: 1 },
      { from: 0.5, to: 0.6, count: 0 },
      { from: 0.6, to: 0.7, count: 3 },
      { from: 0.7, to: 0.8, count: 0 },
      { from: 0.8, to: 0.9, count: 1 },
      { from: 0.9, to: 1, count: 0 },
    ],
    truncated: { candidates: 2, jobs: 1 },
    ...overrides,
  };
}
