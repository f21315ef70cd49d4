/**
 * One self-contained HTML file: inline CSS, the page's data as JSON, the charting library and
 * the report script, all inside the file (no network at view time, works from file://).
 */
import { chartLibrary } from './chart-library.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { escapeHtml, jsonForScript } from './html-text.js';

export interface PageParts {
  /** Plain text, escaped here. */
  title: string;
  /** Already-escaped HTML sections, in order. */
  sections: readonly string[];
  /** Chart specs by id, drawn into `<figure data-chart="id">` (see client-script.ts). */
  charts: Readonly<Record<string, unknown>>;
}

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --core: #1a7f37; --ctx: #9a6700; --miss: #cf222e; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; } .muted, figcaption, .note { color: var(--muted); } .note { font-size: 13px; }
table { border-collapse: collapse; margin: 6px 0 10px; } th, td { padding: 3px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
td.num, th[data-type=num] { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; } table.sortable th::after { content: " \\2195"; color: #afb8c1; }
table.sortable th[aria-sort=ascending]::after { content: " \\2191"; color: var(--ink); } table.sortable th[aria-sort=descending]::after { content: " \\2193"; color: var(--ink); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; } dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
figure.chart { margin: 8px 0 16px; } .chart-error { color: var(--miss); }
.label-good { color: var(--core); } .label-bad { color: var(--miss); } .label-mid { color: var(--ctx); }
.skill { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; margin: 2px 3px 2px 0; font-size: 12.5px; }
.skill.core { border-color: var(--core); } .skill.contextual { border-style: dashed; border-color: var(--ctx); } .skill.missing { color: var(--miss); border-color: #ffb3b8; }
.skill small { color: var(--muted); } details { margin: 4px 0; } summary { cursor: pointer; }
ul.evidence { margin: 4px 0 8px; padding-left: 18px; } ul.evidence li { margin: 2px 0; } mark { background: #fff3b0; padding: 0 1px; }
nav.toc a { margin-right: 12px; } footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
`;

/**
 * @example
 * renderPage({ title: 'resumator score report', sections: ['<h2>Summary</h2>…'], charts: { histogram: { type: 'histogram', bins } } })
 */
export function renderPage(parts: PageParts): string {
  const libraries = chartLibrary();
  const credits = libraries.map((l) => `${escapeHtml(l.name)} ${escapeHtml(l.version)} (${escapeHtml(l.license)})`).join(', ');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(parts.title)}</h1>`,
    ...parts.sections,
    `<footer>Written by resumator. Charts drawn in the browser with ${credits}, inlined in this file.</footer>`,
    `<script type="application/json" id="report-data">${jsonForScript({ charts: parts.charts })}</script>`,
    ...libraries.map((l) => `<script>${l.source}</script>`),
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** `<dl class="meta">` of label/value pairs; values are plain text, escaped here. */
export function metaList(rows: ReadonlyArray<readonly [string, string]>): string {
  return `<dl class="meta">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

/** A chart placeholder the page script draws into, with a caption (plain text). */
export function figure(id: string, caption: string): string {
  return `<figure class="chart" data-chart="${escapeHtml(id)}"><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

export interface Column {
  /** Header text (plain). */
  name: string;
  numeric?: boolean;
}

/** A cell: its HTML (already escaped) and, for sorting, an optional raw value. */
export interface Cell {
  html: string;
  sort?: string | number;
}

/** A sortable table: click a header to sort by it (numbers numerically); `sortable: false` for a fixed one. */
export function sortableTable(columns: readonly Column[], rows: ReadonlyArray<readonly Cell[]>, options: { sortable?: boolean } = {}): string {
  const head = columns.map((c) => `<th${c.numeric === true ? ' data-type="num"' : ''}>${escapeHtml(c.name)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${columns[i]?.numeric === true ? ' class="num"' : ''}${cell.sort === undefined ? '' : ` data-value="${escapeHtml(String(cell.sort))}"`}>${cell.html}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table${options.sortable === false ? '' : ' class="sortable"'}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
