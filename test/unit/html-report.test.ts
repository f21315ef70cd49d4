import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeatmapSample } from '../../src/report/html/heatmap-sample.js';
import { escapeHtml, jsonForScript } from '../../src/report/html/html-text.js';

test('escapeHtml and jsonForScript leave no markup and no way out of a script element', () => {
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  const json = jsonForScript({ id: '</script><!-- \u2028 & >' });
  assert.ok(!/[<>&\u2028]/.test(json));
  assert.deepEqual(JSON.parse(json), { id: '</script><!-- \u2028 & >' });
});

test('heatmap sample: the candidates with the highest best score, evenly spaced jobs, rows clustered by best job', () => {
  // 5 candidates x 3 jobs, row-major; keep 3 rows and 2 columns (jobs 0 and 1).
  const scores = Float32Array.from([
    0.1, 0.2, 0.9, // c0: best 0.9 (job 2, not shown)
    0.8, 0.1, 0.1, // c1: best 0.8, job 0
    0.2, 0.7, 0.1, // c2: best 0.7, dropped (fourth)
    0.1, 0.1, 0.1, // c3: best 0.1, dropped
    0.75, 0.3, 0.2, // c4: best 0.75, job 0
  ]);
  const sample = new HeatmapSample(5, 3, 3, 2);
  sample.addBlock(0, 2, scores.subarray(0, 6));
  sample.addBlock(2, 3, scores.subarray(6));
  const h = sample.result();
  assert.deepEqual(h.cols, [0, 1]);
  assert.equal(h.totalRows, 5);
  // c0 is kept (best 0.9 over all jobs) but its best shown column is job 1 (0.2 > 0.1).
  assert.deepEqual(h.rows, [1, 4, 0]);
  assert.deepEqual(Array.from(h.values, (v) => Math.round(v * 100) / 100), [0.8, 0.1, 0.75, 0.3, 0.1, 0.2]);
});
