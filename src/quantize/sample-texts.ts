/**
 * Texts on which `models quantize` compares int8 with fp32 embeddings when no --sample file is
 * given: short and long, resume-like and job-like, so agreement is measured on the kind of
 * input the models see, at several lengths.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

export const SAMPLE_TEXTS: readonly string[] = [
  'Senior Python engineer with 6 years of experience building data pipelines on AWS (Airflow, Spark, Redshift).',
  'Registered nurse, ICU, 8 years. BLS and ACLS certified; patient assessment, ventilator care, family education.',
  'Title: Accountant\nCompany: Acme Corp\nDescription: month-end close, accounts payable and receivable, payroll, audits and tax filings.',
  'Frontend developer: React, TypeScript, accessibility, design systems, performance budgets, Jest and Playwright tests.',
  'Truck driver with a clean CDL-A record and experience in long-haul logistics across several states.',
  'Title: Machine Learning Engineer\nRequirements: PyTorch, model serving, feature stores, A/B testing, 3+ years in production ML.',
  'HR generalist: recruiting, onboarding, benefits administration, employee relations and HRIS (Workday).',
  'Chef de partie in a high-volume restaurant; menu costing, food safety (HACCP), training junior cooks.',
  'Mechanical engineer designing centrifugal pumps; SolidWorks, FEA, tolerance analysis, supplier audits.',
  'Sales manager who grew a B2B SaaS territory from $1M to $4M ARR; pipeline reviews, forecasting, coaching a team of 8.',
  'Teacher of mathematics and physics at a public high school for ten years; curriculum design and exam preparation.',
  'Title: Data Analyst\nCompany: RetailCo\nDescription: SQL, dashboards in Tableau, cohort analysis, stakeholder reporting, Excel modelling.',
];

/**
 * Reads sample texts from a file, one per line; blank lines are skipped.
 *
 * @throws InputError naming the file when it cannot be read or holds no text.
 */
export async function readSampleTexts(file: string): Promise<string[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'sample file not found' : `cannot read the sample file: ${(err as Error).message}`, { file });
  }
  const texts = content.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (texts.length === 0) throw new InputError('the sample file holds no text (expected one text per line)', { file });
  return texts;
}
