/**
 * `score --explain`: read the skills file once, compile its labels into one matcher, rank
 * skills for every reported job title with the rerank pipeline, then explain each reported
 * match (docs/explain.md). Only jobs and candidates that appear in the matches are matched.
 */
import { InputError, UsageError } from '../errors.js';
import type { Candidate, Job } from '../input/types.js';
import type { ModelDirectory } from '../model/model-dir.js';
import type { Reporter } from '../reporter.js';
import { candidateSkills, explainMatch, type CandidateSkills } from '../explain/candidate-skills.js';
import type { ExplainSettings, JobSkills } from '../explain/explanation.js';
import { jobSkills, type TitleSkill } from '../explain/job-skills.js';
import { SkillMatcher } from '../explain/skill-matcher.js';
import { titleSkills } from '../explain/title-skills.js';
import { DEFAULT_CANDIDATES, rerank } from '../rerank/pipeline.js';
import { readSkills } from '../rerank/skills.js';
import type { Match, ScoreExplanation } from '../report/score/score-report.js';
import { resolveModel } from '../sources/resolve-model.js';

export interface ExplainOptions {
  /** Skills file in any layout `rerank` reads (ESCO skills_en.csv, TalentCLEF corpus_elements, plain). */
  skills: string;
  /** Bi-encoder for the title skills; undefined: the score model. */
  retriever?: string;
  /** Cross-encoder for the title skills (core/contextual); undefined: none. */
  reranker?: string;
  /** Top skills per job title from rerank; 0 turns title skills off. */
  titleSkills: number;
}

export interface ExplainInput {
  options: ExplainOptions;
  /** The score model, the default retriever. */
  model: ModelDirectory;
  dim?: number;
  batchSize: number;
  threads?: number;
  cache?: string;
  reporter: Reporter;
  candidates: readonly Candidate[];
  jobs: readonly Job[];
}

/** Checks the flags before any embedding starts. */
export function checkExplainOptions(options: ExplainOptions): void {
  if (!Number.isInteger(options.titleSkills) || options.titleSkills < 0) throw new UsageError(`--title-skills must be a whole number >= 0, got ${options.titleSkills}`);
}

/**
 * Adds `explanation` to every match (in place) and returns the run's job skills and settings.
 *
 * @example
 * report.explain = await explainMatches(report.matches, { options: { skills: 'skills.csv', titleSkills: 10 }, model, ... });
 */
export async function explainMatches(matches: Match[], input: ExplainInput): Promise<ScoreExplanation> {
  const { options, reporter } = input;
  const corpus = await readSkills(options.skills);
  if (corpus.skills.length === 0) throw new InputError('no skills in the file: --explain needs at least one', { file: options.skills });
  const matcher = SkillMatcher.build(corpus.skills);

  const jobsById = new Map(input.jobs.map((j) => [j.id, j]));
  const usedJobs = unique(matches.map((m) => m.job)).map((id) => jobsById.get(id) as Job);
  const { byJob, retriever, reranker } = await rankTitles(usedJobs, corpus.skills, input);

  const jobs: JobSkills[] = usedJobs.map((job) => {
    const entry: JobSkills = { job: job.id, skills: jobSkills(matcher, corpus.skills, job.description, byJob.get(job.id) ?? []) };
    if (job.title !== undefined) entry.title = job.title;
    return entry;
  });
  const skillsByJob = new Map(jobs.map((j) => [j.job, j.skills]));
  const candidatesById = new Map(input.candidates.map((c) => [c.id, c]));
  const shown = new Map<string, CandidateSkills>();
  const resumes = new Map<string, string>();
  for (const match of matches) {
    let evidence = shown.get(match.candidate);
    if (evidence === undefined) {
      const candidate = candidatesById.get(match.candidate) as Candidate;
      evidence = candidateSkills(matcher, corpus.skills, candidate);
      shown.set(match.candidate, evidence);
      resumes.set(candidate.id, candidate.resume);
    }
    match.explanation = explainMatch(skillsByJob.get(match.job) ?? [], evidence);
  }
  const settings: ExplainSettings = {
    skillsFile: options.skills,
    skills: corpus.skills.length,
    patterns: matcher.patternCount,
    titleSkills: options.titleSkills,
    retriever,
    reranker,
  };
  return { settings, jobs, resumes };
}

interface RankedTitles {
  byJob: Map<string, TitleSkill[]>;
  retriever: string | null;
  reranker: string | null;
}

/** (b): the rerank pipeline for each job title, with rerank's model resolution for --retriever/--reranker. */
async function rankTitles(jobs: readonly Job[], skills: Parameters<typeof rerank>[1], input: ExplainInput): Promise<RankedTitles> {
  const { options, reporter } = input;
  const titled = jobs.filter((j) => j.title !== undefined && j.title.trim() !== '').map((j) => ({ id: j.id, title: j.title as string }));
  if (options.titleSkills === 0 || titled.length === 0) return { byJob: new Map(), retriever: null, reranker: null };
  const retriever = options.retriever === undefined ? input.model : await resolveModel(options.retriever, { reporter, flag: '--retriever' });
  const reranker = options.reranker === undefined ? undefined : await resolveModel(options.reranker, { reporter, flag: '--reranker' });
  const result = await rerank(titled, skills, {
    retriever,
    reranker,
    candidates: Math.min(Math.max(DEFAULT_CANDIDATES, options.titleSkills), skills.length),
    // The score model's Matryoshka dimension carries over; another retriever uses its own default.
    dim: options.retriever === undefined ? input.dim : undefined,
    batchSize: input.batchSize,
    threads: input.threads,
    cache: input.cache,
    reporter,
  });
  const byJob = new Map(result.jobs.map((ranking) => [ranking.job.id, titleSkills(ranking, result, options.titleSkills)]));
  return { byJob, retriever: result.retriever.name, reranker: result.reranker?.name ?? null };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
