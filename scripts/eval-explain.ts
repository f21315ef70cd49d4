/**
 * `npm run eval:explain`: how good `score --explain`'s job skills are, written to the marked
 * section of docs/quality.md (the rest of the file is left alone).
 *
 * 1. Extraction: precision and recall of the description matching against the hand-labelled
 *    fixture (fixtures/explain/labelled-jobs.jsonl: 50 job descriptions of ../shared with the
 *    ESCO skills their text states), with ESCO v1.1.1's skills_en.csv as the skills file.
 * 2. ESCO agreement: for the 300 dev occupations of ../shared/data/esco-job2skill, how many of
 *    the explanation's top 10 job skills are ESCO essential (and essential or optional) skills
 *    of the occupation: from the title alone (rerank, lite retriever: no trained model exists
 *    on these machines), from the occupation's ESCO description alone, and merged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { jobSkills } from '../src/explain/job-skills.js';
import { SkillMatcher } from '../src/explain/skill-matcher.js';
import { titleSkills } from '../src/explain/title-skills.js';
import { readJobTitles } from '../src/rerank/job-titles.js';
import { rerank } from '../src/rerank/pipeline.js';
import { readSkills } from '../src/rerank/skills.js';
import { silentReporter } from '../src/reporter.js';
import { resolveModel } from '../src/sources/resolve-model.js';
import { extractionScores, type LabelledJob } from '../test/support/labelled-jobs.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
const esco = path.join(shared, 'data', 'esco');
const job2skill = path.join(shared, 'data', 'esco-job2skill');
if (!existsSync(esco) || !existsSync(job2skill)) {
  process.stderr.write(`eval:explain needs ../shared/data/esco and esco-job2skill beside the checkout (${shared})\n`);
  process.exit(2);
}
const TOP = 10;
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const lines: string[] = [];
const started = Date.now();

// 1. Extraction on the labelled fixture.
const skills = (await readSkills(path.join(esco, 'skills_en.csv'))).skills;
const matcher = SkillMatcher.build(skills);
const labelled = readFileSync(path.join(root, 'fixtures', 'explain', 'labelled-jobs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LabelledJob);
const scores = extractionScores(matcher, skills, labelled);
const gold = labelled.reduce((n, j) => n + j.skills.length, 0);
lines.push(
  '### Skill extraction (`score --explain`, description matching)',
  '',
  `${labelled.length} job descriptions of \`../shared/data/jobs\` with ${gold} ESCO skills marked by hand (fixtures/explain/README.md says how); skills file: ESCO v1.1.1 \`skills_en.csv\` (${skills.length} skills, ${matcher.patternCount} patterns). A predicted skill is right when its ESCO URI is among the job's marked ones.`,
  '',
  '| measure | value |',
  '|---|---|',
  `| predicted skills | ${scores.predicted} (${(scores.predicted / labelled.length).toFixed(1)} per job) |`,
  `| correct | ${scores.correct} |`,
  `| **precision** (micro) | **${pct(scores.precision)}** |`,
  `| **recall** (micro) | **${pct(scores.recall)}** |`,
  `| F1 | ${pct(scores.f1)} |`,
  `| precision / recall, mean per job | ${pct(scores.macroPrecision)} / ${pct(scores.macroRecall)} |`,
  '',
  `Most frequent wrong predictions: ${scores.falsePositives.slice(0, 12).map(([l, n]) => `${l} (${n})`).join(', ')}.`,
  '',
  `Most frequent misses: ${scores.falseNegatives.slice(0, 12).map(([l, n]) => `${l} (${n})`).join(', ')}.`,
  '',
);

// 2. Agreement with ESCO's essential skills of 300 occupations.
const corpus = (await readSkills(path.join(job2skill, 'corpus_elements'))).skills;
const corpusMatcher = SkillMatcher.build(corpus);
const queries = await readJobTitles(path.join(job2skill, 'dev300_queries'));
const qrels = new Map<string, Map<string, number>>();
for (const line of readFileSync(path.join(job2skill, 'dev300_qrels.tsv'), 'utf8').split('\n')) {
  const [q, , c, rel] = line.trim().split(/\s+/);
  if (q === undefined || c === undefined || rel === undefined) continue;
  const judged = qrels.get(q) ?? new Map<string, number>();
  judged.set(c, Number(rel));
  qrels.set(q, judged);
}
const occupations = new Map((parse(readFileSync(path.join(esco, 'occupations_en.csv')), { columns: true }) as Array<Record<string, string>>).map((o) => [(o['preferredLabel'] ?? '').toLowerCase(), o['description'] ?? '']));
const retriever = await resolveModel('lite', { reporter: silentReporter });
const ranked = await rerank(queries, corpus, { retriever, candidates: 200, reporter: silentReporter });
const variants = { title: [] as number[][], description: [] as number[][], merged: [] as number[][] };
let described = 0;
for (const ranking of ranked.jobs) {
  const judged = qrels.get(ranking.job.id) ?? new Map<string, number>();
  const description = occupations.get(ranking.job.title.toLowerCase());
  if (description !== undefined && description !== '') described++;
  const fromTitle = titleSkills(ranking, ranked, TOP);
  const share = (ids: string[]): number[] => {
    const top = ids.slice(0, TOP);
    const essential = top.filter((id) => judged.get(id) === 2).length;
    const relevant = top.filter((id) => (judged.get(id) ?? 0) >= 1).length;
    return [top.length, essential, relevant];
  };
  variants.title.push(share(fromTitle.map((t) => (corpus[t.skill] as { id: string }).id)));
  variants.description.push(share(jobSkills(corpusMatcher, corpus, description, []).map((s) => s.id)));
  variants.merged.push(share(jobSkills(corpusMatcher, corpus, description, fromTitle).map((s) => s.id)));
}
const summarise = (rows: number[][]): string => {
  const listed = rows.reduce((n, r) => n + (r[0] as number), 0);
  const essential = rows.reduce((n, r) => n + (r[1] as number), 0);
  const relevant = rows.reduce((n, r) => n + (r[2] as number), 0);
  const withAny = rows.filter((r) => (r[0] as number) > 0).length;
  return `${(listed / rows.length).toFixed(1)} | ${withAny} | ${pct(listed === 0 ? 0 : essential / listed)} | ${pct(listed === 0 ? 0 : relevant / listed)}`;
};
lines.push(
  '### Agreement with ESCO essential skills (`score --explain`, job skills)',
  '',
  `The ${queries.length} dev occupations of \`../shared/data/esco-job2skill\` (TalentCLEF layout; skills file its \`corpus_elements\`): for each, the explanation's top ${TOP} job skills, in the order \`--explain\` lists them, and how many are ESCO **essential** skills of the occupation (qrels 2), or essential or optional (qrels 1-2). Title skills come from \`rerank\` with the offline \`lite\` retriever and no cross-encoder (no trained model exists on these machines; with the real Resumator/SkillScout models the title column is what \`eval:esco\` measures above); descriptions are the occupations' ESCO descriptions (${described} of ${queries.length} found by title in \`occupations_en.csv\`), matched as job descriptions are.`,
  '',
  `| job skills from | skills listed per occupation | occupations with any | essential | essential or optional |`,
  '|---|---|---|---|---|',
  `| title only (rerank top ${TOP}, lite) | ${summarise(variants.title)} |`,
  `| description only (phrase matching) | ${summarise(variants.description)} |`,
  `| merged, as \`--explain\` lists them | ${summarise(variants.merged)} |`,
  '',
  `Run: \`npm run eval:explain\` (${((Date.now() - started) / 1000).toFixed(0)} s on the benchmark machine).`,
);

const START = '<!-- eval:explain start -->';
const END = '<!-- eval:explain end -->';
const qualityFile = path.join(root, 'docs', 'quality.md');
const doc = await readFile(qualityFile, 'utf8');
const section = `${START}\n${lines.join('\n')}\n${END}`;
const updated = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*${END}`), section) : `${doc.trimEnd()}\n\n## Explanations (\`npm run eval:explain\`)\n\n${section}\n`;
await writeFile(qualityFile, updated);
process.stdout.write(`${lines.join('\n')}\n\nwrote the eval:explain section of docs/quality.md\n`);
