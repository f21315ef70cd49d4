/**
 * Candidates and jobs files built from ../shared's real resumes and job descriptions, for the
 * explanation and HTML benchmarks: N candidates (the 962 resumes, repeated with new ids past
 * that) and M jobs (the first M descriptions with their titles).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export interface BenchTexts {
  resumes: string[];
  jobs: Array<{ title: string; company: string; description: string }>;
}

/** The raw texts: 962 resumes, 853 job descriptions. */
export function readBenchTexts(shared: string): BenchTexts {
  const resumes = (parse(readFileSync(path.join(shared, 'data', 'resumes', 'UpdatedResumeDataSet.csv')), { columns: true }) as Array<Record<string, string>>).map((r) => r['Resume'] ?? '');
  const jobs = (parse(readFileSync(path.join(shared, 'data', 'jobs', 'job_descriptions.csv')), { columns: true }) as Array<Record<string, string>>).map((r) => ({
    title: r['position_title'] ?? '',
    company: r['company_name'] ?? '',
    description: r['job_description'] ?? '',
  }));
  return { resumes, jobs };
}

/** Writes candidates.csv (n rows) and jobs.csv (m rows) into `dir`; returns their paths. */
export function writeBenchInputs(texts: BenchTexts, dir: string, n: number, m: number): { candidates: string; jobs: string } {
  const candidates = path.join(dir, 'candidates.csv');
  const rows = Array.from({ length: n }, (_, i) => [`c${String(i + 1).padStart(4, '0')}`, texts.resumes[i % texts.resumes.length] as string]);
  writeFileSync(candidates, stringify([['id', 'resume'], ...rows]));
  const jobs = path.join(dir, 'jobs.csv');
  const jobRows = texts.jobs.slice(0, m).map((j, i) => [`j${String(i + 1).padStart(3, '0')}`, j.title, j.company, j.description]);
  writeFileSync(jobs, stringify([['id', 'title', 'company', 'description'], ...jobRows]));
  return { candidates, jobs };
}
