/**
 * `resumator rerank`: read job titles and skills -> two-stage pipeline (src/rerank/pipeline.ts)
 * -> render one job at a time -> atomic write.
 */
import { checkStdinUsedOnce } from '../input/stdin-once.js';
import { openAtomicWriter } from '../output/atomic-write.js';
import { checkOutputTargets } from '../output/output-targets.js';
import { readJobTitles, titlesFromFlags, type JobTitle } from '../rerank/job-titles.js';
import { rerankEach, type JobRanking, type RerankSummary } from '../rerank/pipeline.js';
import { renderRerankHeader, renderRerankJob, renderRerankJson, type RerankFormat } from '../report/rerank.js';
import { renderRerankHtml } from '../report/html/rerank-html.js';
import { readSkills } from '../rerank/skills.js';
import { UsageError } from '../errors.js';
import { resolveRerankSettings, type RerankModelOptions } from './rerank-settings.js';

export interface RerankOptions extends RerankModelOptions {
  /** Titles from --job flags; exactly one of `job` (non-empty) and `jobs` is given. */
  job: readonly string[];
  /** A job-title file (CSV/TSV/JSONL; TalentCLEF queries as is). */
  jobs?: string;
  skills: string;
  format: RerankFormat;
  /** Rows printed per title (the first N of the ranking); undefined prints them all. */
  top?: number;
  runTag?: string;
  output?: string;
  write: (chunk: string) => void;
}

export async function rerankCommand(options: RerankOptions): Promise<RerankSummary> {
  const inputs = [
    { what: 'the --jobs file', path: options.jobs },
    { what: 'the --skills file', path: options.skills },
  ];
  checkStdinUsedOnce(inputs);
  await checkOutputTargets([{ what: '--output', path: options.output }], inputs);
  const titles = await loadTitles(options);
  const settings = await resolveRerankSettings(options);
  const corpus = await readSkills(options.skills, { format: options.inputFormat, columns: options.skillColumns });

  const toFile = options.output !== undefined && options.output !== '-';
  const writer = toFile ? await openAtomicWriter(options.output as string) : undefined;
  const emit = async (chunk: string): Promise<void> => {
    if (chunk === '') return;
    if (writer === undefined) options.write(chunk);
    else await writer.write(chunk);
  };
  const kept: JobRanking[] = [];
  let summary: RerankSummary;
  try {
    let first = true;
    summary = await rerankEach(
      titles,
      corpus.skills,
      settings,
      async (ranking, info) => {
        const format = options.format;
        if (format === 'json' || format === 'html') {
          kept.push(ranking);
          return;
        }
        if (first) await emit(renderRerankHeader(format, info));
        first = false;
        await emit(renderRerankJob(format, ranking, corpus.skills, info, options.runTag, options.top));
      },
    );
    if (options.format === 'json') await emit(renderRerankJson(summary, kept, corpus.skills, options.top));
    if (options.format === 'html') await emit(renderRerankHtml(summary, kept, corpus.skills));
    await writer?.commit();
  } catch (err) {
    await writer?.abort();
    throw err;
  }
  notices(summary, options);
  return summary;
}

async function loadTitles(options: RerankOptions): Promise<JobTitle[]> {
  if (options.job.length > 0 && options.jobs !== undefined) throw new UsageError('give job titles either as --job TITLE (repeatable) or as --jobs FILE, not both');
  if (options.job.length > 0) return titlesFromFlags(options.job);
  if (options.jobs !== undefined) return readJobTitles(options.jobs, { format: options.inputFormat, columns: options.jobColumns });
  throw new UsageError('no job titles: pass --job "Data Scientist" (repeatable) or --jobs FILE (CSV/TSV/JSONL with an id and a title column)');
}

/** Machine formats carry no prose, so what a reader must know goes to stderr. */
function notices(summary: RerankSummary, options: RerankOptions): void {
  if (summary.reranker === undefined && !['table', 'json', 'html'].includes(options.format)) {
    options.reporter.notice('note: no --reranker given: stage 2 skipped, skills ranked by bi-encoder cosine');
  }
  const t = summary.truncated;
  if (t.skills + t.jobs + t.pairs > 0) {
    options.reporter.notice(`note: truncated to the models' limits: ${t.skills} skill texts, ${t.jobs} job titles, ${t.pairs} (title, skill) pairs`);
  }
}
