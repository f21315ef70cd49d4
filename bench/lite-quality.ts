/**
 * `npm run bench:lite -- [lite specs...]`: a quick quality check of lite-model variants on the
 * ESCO job-title -> skill set (../shared/data/esco-job2skill, dev300 queries over all skills,
 * preferred labels). Ranks every skill by cosine and prints nDCG (whole list, graded, linear
 * gain), nDCG@10 and MAP. A stopgap until `resumator eval rerank` measures the same thing.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Embedder } from '../src/embed/embedder.js';
import { resolveModel } from '../src/sources/resolve-model.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const data = path.resolve(root, '..', 'shared', 'data', 'esco-job2skill');
if (!existsSync(data)) {
  process.stderr.write(`bench:lite needs ${data}\n`);
  process.exit(2);
}
const rows = (file: string): string[][] => readFileSync(path.join(data, file), 'utf8').trim().split('\n').map((l) => l.split('\t'));
const queries = rows('dev300_queries').slice(1);
const skills = rows('corpus_elements').slice(1);
const labels = skills.map(([, , aliases = '']) => /^\[(?:'([^']*)'|"([^"]*)")/.exec(aliases)?.slice(1).find((s) => s !== undefined) ?? '');
const skillIndex = new Map(skills.map(([id = ''], i) => [id, i]));
const qrels = new Map<string, Map<number, number>>();
for (const [q = '', , c = '', rel = '0'] of rows('dev300_qrels.tsv')) {
  if (!qrels.has(q)) qrels.set(q, new Map());
  qrels.get(q)?.set(skillIndex.get(c) ?? -1, Number(rel));
}

const env = { ...process.env, XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] ?? mkdtempSync(path.join(os.tmpdir(), 'bench-lite-')) };
const specs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['lite'];
process.stdout.write('| variant | nDCG | nDCG@10 | MAP |\n|---|---|---|---|\n');
for (const spec of specs) {
  const embedder = await Embedder.open(await resolveModel(spec, { env }));
  const s = await embedder.embed(labels, { batchSize: 500 });
  const q = await embedder.embed(queries.map(([, title = '']) => title), { batchSize: 500 });
  await embedder.dispose();
  let ndcg = 0;
  let ndcg10 = 0;
  let map = 0;
  queries.forEach(([id = ''], qi) => {
    const rel = qrels.get(id) ?? new Map<number, number>();
    const qv = q.vectors.subarray(qi * q.dim, (qi + 1) * q.dim);
    const scores = labels.map((_, si) => {
      let dot = 0;
      for (let d = 0; d < s.dim; d++) dot += (qv[d] as number) * (s.vectors[si * s.dim + d] as number);
      return dot;
    });
    const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
    const ideal = [...rel.values()].sort((a, b) => b - a);
    const dcg = (gains: number[], k: number): number => gains.slice(0, k).reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
    const gains = order.map((i) => rel.get(i) ?? 0);
    ndcg += dcg(gains, gains.length) / dcg(ideal, ideal.length);
    ndcg10 += dcg(gains, 10) / dcg(ideal, 10);
    let hits = 0;
    let ap = 0;
    gains.forEach((g, i) => {
      if (g > 0) ap += ++hits / (i + 1);
    });
    map += ap / ideal.filter((g) => g > 0).length;
  });
  const n = queries.length;
  process.stdout.write(`| ${spec} | ${(ndcg / n).toFixed(4)} | ${(ndcg10 / n).toFixed(4)} | ${(map / n).toFixed(4)} |\n`);
}
