/**
 * `npm run bench:explain`: the skill matcher of `score --explain` on the real data of
 * ../shared: compiling ESCO's 13,896 skills (every label and alternative label), then matching
 * the 853 job descriptions and the 962 resumes. Prints the median of BENCH_RUNS (default 5)
 * runs. Figures go to docs/benchmarks.md. Not a test: nothing here asserts a speed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSkills } from '../src/rerank/skills.js';
import { longestHits, SkillMatcher } from '../src/explain/skill-matcher.js';
import { readBenchTexts } from './bench-inputs.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`bench:explain needs ../shared beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const runs = Number(process.env['BENCH_RUNS'] ?? 5);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const { skills } = await readSkills(path.join(shared, 'data', 'esco', 'skills_en.csv'));
const texts = readBenchTexts(shared);
const labels = skills.reduce((n, s) => n + 1 + s.aliases.length, 0);

const build: number[] = [];
let matcher: SkillMatcher | undefined;
const heapBefore = process.memoryUsage().heapUsed;
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  matcher = SkillMatcher.build(skills);
  build.push(performance.now() - t);
}
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const m = matcher as SkillMatcher;
process.stdout.write(`ESCO: ${skills.length} skills, ${labels} labels -> ${m.patternCount} distinct patterns; build median ${median(build).toFixed(0)} ms over ${runs} runs (heap after ~${heapMb.toFixed(0)} MB)\n`);

for (const [name, list] of [['job descriptions', texts.jobs.map((j) => j.description)], ['resumes', texts.resumes]] as const) {
  const chars = list.reduce((n, t) => n + t.length, 0);
  const times: number[] = [];
  let hits = 0;
  let longest = 0;
  for (let r = 0; r < runs; r++) {
    hits = 0;
    longest = 0;
    const t = performance.now();
    for (const text of list) {
      const all = m.match(text);
      hits += all.length;
      longest += longestHits(all).length;
    }
    times.push(performance.now() - t);
  }
  const ms = median(times);
  process.stdout.write(`${list.length} ${name} (${(chars / 1e6).toFixed(2)} M chars): ${ms.toFixed(0)} ms (${((chars / 1e6) / (ms / 1000)).toFixed(1)} M chars/s, ${(ms / list.length).toFixed(2)} ms per text); ${hits} hits, ${longest} after longest-match (${(longest / list.length).toFixed(1)} per text)\n`);
}
