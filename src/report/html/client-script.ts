/**
 * The report's own browser code (plain ES2017, no imports): draws every `<figure data-chart>`
 * from the page's JSON data with Observable Plot, and makes `table.sortable` sort by a click
 * on a header. Texts reach the page only through Plot (SVG text nodes) and textContent, never
 * as HTML, so an id such as `<img onerror=…>` stays text.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = data.charts || {};

  function width(el) { return Math.max(320, Math.min(1100, (el.clientWidth || 720) - 8)); }

  var draw = {
    histogram: function (c, el) {
      return Plot.plot({
        width: width(el), height: 240, marginLeft: 50,
        x: { label: c.x, ticks: c.ticks }, y: { label: c.y || 'count', grid: true },
        marks: [Plot.rectY(c.bins, { x1: 'from', x2: 'to', y: 'count', fill: '#4c78a8', inset: 1, tip: true, title: function (b) { return b.name + ': ' + b.count; } }), Plot.ruleY([0])]
      });
    },
    heatmap: function (c, el) {
      var cells = [];
      c.rows.forEach(function (r, i) { c.cols.forEach(function (k, j) { cells.push({ row: r, col: k, score: c.values[i * c.cols.length + j] }); }); });
      var many = c.rows.length > 60;
      return Plot.plot({
        width: width(el), height: Math.min(1000, 90 + c.rows.length * (many ? 4 : 14)), marginLeft: many ? 20 : 90, marginBottom: 80, padding: 0,
        x: { domain: c.cols, label: c.x, tickRotate: -50 }, y: { domain: c.rows, label: c.y, axis: many ? null : 'left' },
        color: { scheme: 'viridis', legend: true, label: 'cosine score' },
        marks: [Plot.cell(cells, { x: 'col', y: 'row', fill: 'score', inset: 0, tip: true, title: function (d) { return d.row + ' x ' + d.col + ': ' + d.score.toFixed(3); } })]
      });
    },
    scatter: function (c, el) {
      return Plot.plot({
        width: width(el), height: 360, grid: true, marginLeft: 60,
        x: { label: c.x }, y: { label: c.y },
        marks: [Plot.dot(c.points, { x: 'x', y: 'y', r: 3, fill: '#4c78a8', fillOpacity: 0.6, tip: true, title: 'title' }), Plot.linearRegressionY(c.points, { x: 'x', y: 'y', stroke: '#e45756', ci: 0 })]
      });
    },
    bars: function (c, el) {
      return Plot.plot({
        width: width(el), height: 40 + c.bars.length * 22, marginLeft: Math.min(320, 12 + 7 * c.bars.reduce(function (m, b) { return Math.max(m, b.name.length); }, 0)),
        x: { label: c.x, grid: true }, y: { label: null, domain: c.bars.map(function (b) { return b.name; }) },
        marks: [Plot.barX(c.bars, { x: 'value', y: 'name', fill: c.colors ? 'group' : '#4c78a8', tip: true, title: function (b) { return b.name + ': ' + b.value.toFixed(4); } }), Plot.ruleX([0])],
        color: c.colors ? { legend: true, domain: c.colors } : undefined
      });
    },
    box: function (c, el) {
      return Plot.plot({
        width: width(el), height: 60 + c.metrics.length * 40, marginLeft: 160,
        x: { label: c.x, grid: true, domain: c.domain }, y: { label: null, domain: c.metrics },
        marks: [Plot.boxX(c.values, { x: 'value', y: 'metric' })]
      });
    }
  };

  document.querySelectorAll('figure[data-chart]').forEach(function (el) {
    var id = el.getAttribute('data-chart');
    var c = charts[id];
    try {
      if (!c || !draw[c.type]) throw new Error('no chart data for ' + id);
      el.insertBefore(draw[c.type](c, el), el.firstChild);
      el.setAttribute('data-rendered', 'true');
    } catch (err) {
      el.setAttribute('data-rendered', 'failed');
      var p = document.createElement('p');
      p.className = 'chart-error';
      p.textContent = 'chart not drawn: ' + err.message;
      el.insertBefore(p, el.firstChild);
      console.error(err);
    }
  });

  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.querySelectorAll('thead th');
    heads.forEach(function (th, col) {
      th.tabIndex = 0;
      th.title = 'sort';
      var sort = function () {
        var numeric = th.getAttribute('data-type') === 'num';
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) { var cell = row.cells[col]; var v = cell.getAttribute('data-value'); return v === null ? cell.textContent : v; };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (numeric) { x = x === '' ? -Infinity : Number(x); y = y === '' ? -Infinity : Number(y); return dir * (x - y); }
          return dir * String(x).localeCompare(String(y));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  });
  document.body.setAttribute('data-ready', 'true');
})();
`;
