/**
 * Prompts on which `models quantize` compares a quantized causal LM with its float32 source
 * when no --sample file is given: short resume/job screening prompts as plain text (no chat
 * template, so they suit base and instruct models alike), each ending where the decision label
 * follows. Half the pairs fit and half do not, so the label probabilities spread out.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** The decision labels whose probability is compared, each after a space (the prompts end in "Decision:"). */
export const SCREENING_LABELS: readonly [string, string] = [' SELECTED', ' REJECTED'];

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['Senior Python engineer: data pipelines on AWS, Airflow, Spark, 5+ years.', 'Python engineer, 6 years building ETL pipelines with Spark and Airflow on AWS; Redshift, dbt, on-call lead.'],
  ['ICU registered nurse, BLS and ACLS required, night shifts.', 'Registered nurse, ICU, 8 years; BLS and ACLS certified; ventilator care and family education.'],
  ['Accountant: month-end close, accounts payable and receivable, CPA preferred.', 'Truck driver with a clean CDL-A record and ten years of long-haul logistics.'],
  ['Frontend developer: React, TypeScript, accessibility, design systems.', 'Frontend developer, React and TypeScript, WCAG audits, a component library used by 40 teams.'],
  ['Machine learning engineer: PyTorch, model serving, A/B testing in production.', 'Chef de partie in a high-volume restaurant; menu costing, HACCP, training junior cooks.'],
  ['HR generalist: recruiting, onboarding, benefits, Workday.', 'HR generalist, 5 years: full-cycle recruiting, onboarding, benefits administration, Workday admin.'],
  ['Mechanical engineer: pump design, SolidWorks, FEA.', 'Sales manager who grew a SaaS territory from $1M to $4M ARR and coached a team of 8.'],
  ['Data analyst: SQL, Tableau dashboards, cohort analysis.', 'Data analyst at a retailer: SQL, Tableau, cohort and funnel analysis, weekly stakeholder reports.'],
  ['High-school mathematics teacher, state certification required.', 'Backend Go developer: gRPC services, PostgreSQL, Kubernetes, 4 years.'],
  ['Warehouse supervisor: forklift certification, shift planning, safety audits.', 'Warehouse lead, 7 years: forklift certified, shift rosters for 30 staff, OSHA safety audits.'],
  ['Graphic designer: Figma, brand identity, print production.', 'Registered pharmacist: dispensing, medication reviews, immunizations.'],
  ['Customer support specialist: Zendesk, SLAs, English and Spanish.', 'Bilingual (English/Spanish) support agent, 3 years on Zendesk, 98% SLA attainment.'],
];

/** One screening prompt as plain text, ending where the label follows. */
export function screeningPrompt(job: string, candidate: string): string {
  return `Job: ${job}\nCandidate: ${candidate}\nShould the candidate be shortlisted for this job? Answer SELECTED or REJECTED.\nDecision:`;
}

export const SAMPLE_PROMPTS: readonly string[] = PAIRS.map(([job, candidate]) => screeningPrompt(job, candidate));

/**
 * Reads prompts from a file, one per line; a line that is a JSON string (what `resumator
 * format` prints) is decoded, so prompts with newlines fit on one line. Blank lines are skipped.
 *
 * @throws InputError naming the file (and line) when it cannot be read, a JSON line is invalid,
 *   or it holds no prompt.
 */
export async function readSamplePrompts(file: string): Promise<string[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'sample file not found' : `cannot read the sample file: ${(err as Error).message}`, { file });
  }
  const prompts: string[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (!trimmed.startsWith('"')) return void prompts.push(trimmed);
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw new InputError('a line starting with " must be one JSON string', { file, line: i + 1 });
    }
    if (typeof value !== 'string' || value.trim() === '') throw new InputError('expected a non-empty JSON string', { file, line: i + 1 });
    prompts.push(value);
  });
  if (prompts.length === 0) throw new InputError('the sample file holds no prompt (expected one prompt per line)', { file });
  return prompts;
}
