/**
 * Jobs and candidates for `bench:screen`: the first job descriptions and the first distinct
 * resumes of ../shared, formatted with the templates `score` and `screen` use.
 */
import path from 'node:path';
import { loadTexts } from '../src/commands/load-texts.js';
import type { ScreenItem } from '../src/screen/screen-pairs.js';

export async function loadScreenTexts(shared: string, jobs: number, candidates: number): Promise<{ jobs: ScreenItem[]; candidates: ScreenItem[] }> {
  const jobTexts = await loadTexts(path.join(shared, 'data', 'jobs', 'job_descriptions.csv'), { kind: 'job' });
  const resumes = await loadTexts(path.join(shared, 'data', 'resumes', 'UpdatedResumeDataSet.csv'), { kind: 'candidate' });
  // The resume file repeats texts under new ids; a benchmark of distinct resumes measures more.
  const seen = new Set<string>();
  const distinct: ScreenItem[] = [];
  resumes.texts.forEach((text, i) => {
    if (distinct.length < candidates && !seen.has(text)) {
      seen.add(text);
      distinct.push({ id: resumes.ids[i] as string, text });
    }
  });
  return { jobs: jobTexts.ids.slice(0, jobs).map((id, i) => ({ id, text: jobTexts.texts[i] as string })), candidates: distinct };
}
