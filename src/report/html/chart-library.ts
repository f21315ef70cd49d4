/**
 * The charting library every HTML report inlines: Observable Plot (ISC) on d3 (ISC), read from
 * their minified UMD builds in node_modules at render time, so a report needs no network and
 * works from file://. Why these (docs/output.md#html): Plot draws every chart the reports need
 * (histograms, heatmap cells, scatter, box plots) declaratively as SVG, for 490 KB minified
 * together; Vega-Lite + Vega + vega-embed are 830 KB (BSD-3), ECharts 1.1 MB (Apache-2.0), and
 * uPlot (MIT, 51 KB) has no heatmap or categorical axes without hand-written canvas code.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ModelError } from '../../errors.js';

export interface InlineScript {
  name: string;
  version: string;
  license: string;
  source: string;
}

const require = createRequire(import.meta.url);
let cached: InlineScript[] | undefined;

/**
 * d3 then Plot (Plot's UMD build reads the global `d3`), each with its name, version and
 * licence for the report's credits. Read once per process.
 *
 * @example
 * chartLibrary().map((s) => `${s.name} ${s.version}`) // ['d3 7.9.2', '@observablehq/plot 0.6.17']
 */
export function chartLibrary(): InlineScript[] {
  cached ??= [readUmd('d3', 'dist/d3.min.js'), readUmd('@observablehq/plot', 'dist/plot.umd.min.js')];
  return cached;
}

function readUmd(name: string, file: string): InlineScript {
  const root = packageRoot(name);
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; license: string };
  const source = readFileSync(path.join(root, file), 'utf8');
  // Inlined inside <script>: a closing tag in the library would end the element early.
  if (/<\/script/i.test(source)) throw new ModelError(`${name}'s ${file} contains "</script" and cannot be inlined`);
  return { name, version: manifest.version, license: manifest.license, source };
}

/** The installed package's folder: its entry point resolved, then up to its package.json. */
function packageRoot(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === name) return dir;
    } catch {
      // No package.json here: keep climbing.
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new ModelError(`cannot find the installed package ${name} (run npm install)`);
    dir = parent;
  }
}
