/**
 * Labelled decision files for `eval classify`: one item per record with a gold decision and
 * the system's decision and/or score. Read with the input stage (CSV, TSV, JSONL, JSON).
 */
import { InputError } from '../errors.js';
import type { TableSchema } from '../input/columns.js';
import { fieldAt, readTable, type ReadTableOptions, type TableRow } from '../input/read-table.js';
import type { Decision } from '../metrics/classification.js';

export const DECISION_SCHEMA: TableSchema = {
  kind: 'decision',
  required: 'gold',
  fields: [
    { name: 'id', aliases: ['item_id', 'pair_id', 'candidate_id'] },
    { name: 'gold', aliases: ['gold_decision', 'truth', 'actual', 'label', 'expected'] },
    { name: 'decision', aliases: ['predicted', 'prediction', 'system_decision', 'system'] },
    { name: 'score', aliases: ['system_score', 'similarity', 'cosine', 'p_selected'] },
  ],
};

/** `eval classify SYSTEM --gold GOLD`: the system's decisions per (candidate, job) pair, e.g. `screen` output. */
export const SYSTEM_DECISION_SCHEMA: TableSchema = {
  kind: 'system decision',
  required: 'candidate',
  fields: [
    { name: 'candidate', aliases: ['candidate_id'] },
    { name: 'job', aliases: ['job_id'] },
    { name: 'decision', aliases: ['predicted', 'prediction', 'system_decision', 'system'] },
    { name: 'score', aliases: ['p_selected', 'system_score', 'similarity', 'cosine'] },
  ],
};

/** The gold decision of each (candidate, job) pair. */
export const GOLD_DECISION_SCHEMA: TableSchema = {
  kind: 'gold decision',
  required: 'gold',
  fields: [
    { name: 'candidate', aliases: ['candidate_id'] },
    { name: 'job', aliases: ['job_id'] },
    { name: 'gold', aliases: ['gold_decision', 'truth', 'actual', 'label', 'expected', 'decision'] },
  ],
};

/** Accepted spellings (case-insensitive) of each decision. */
const SPELLINGS: Readonly<Record<string, Decision>> = {
  selected: 'SELECTED', select: 'SELECTED', yes: 'SELECTED', true: 'SELECTED', '1': 'SELECTED',
  rejected: 'REJECTED', reject: 'REJECTED', no: 'REJECTED', false: 'REJECTED', '0': 'REJECTED',
};

export interface LabelledItem {
  id: string;
  gold: Decision;
  /** Present when the file has a decision column. */
  decision?: Decision;
  /** Present when the file has a score column. */
  score?: number;
}

/**
 * Reads labelled items; `need` names the system column the caller uses ('decision', or
 * 'score' for --threshold/--calibrate), which must then be present on every record.
 * Decisions accept SELECTED/REJECTED, select/reject, yes/no, true/false, 1/0 (any case).
 *
 * @example const items = await readDecisions('fixtures/eval/decisions.csv', 'score');
 */
export async function readDecisions(path: string, need: 'decision' | 'score', options: ReadTableOptions = {}): Promise<LabelledItem[]> {
  const items: LabelledItem[] = [];
  for await (const row of readTable(path, DECISION_SCHEMA, options)) {
    if (!row.columns.has(need)) {
      const names = DECISION_SCHEMA.fields.find((f) => f.name === need)!.aliases;
      const hint = need === 'score' ? '--threshold and --calibrate read a score column' : 'without --threshold a decision column is read (or give --threshold T to decide by score)';
      throw new InputError(`no ${need} column; accepted names: ${[need, ...names].join(', ')} (${hint})`, { file: row.source.file });
    }
    const item: LabelledItem = { id: row.id, gold: decisionField(row, 'gold') };
    if (need === 'decision') item.decision = decisionField(row, 'decision');
    else item.score = scoreField(row);
    items.push(item);
  }
  return items;
}

export interface JoinedDecisions {
  items: LabelledItem[];
  /** System pairs without a gold decision, and gold pairs the system did not decide (e.g. not shortlisted). */
  unmatched: { system: number; gold: number };
}

/**
 * Pairs the system's decisions (`screen` jsonl/csv, or any file with candidate, job and a
 * decision or score column) with gold decisions by (candidate, job); only pairs in both count.
 *
 * @throws InputError for a pair listed twice in either file, or when no pair is in both.
 * @example const { items } = await readJoinedDecisions('screen.jsonl', 'gold.csv', 'decision');
 */
export async function readJoinedDecisions(systemPath: string, goldPath: string, need: 'decision' | 'score', options: ReadTableOptions = {}): Promise<JoinedDecisions> {
  const gold = new Map<string, Decision>();
  for await (const row of readTable(goldPath, GOLD_DECISION_SCHEMA, { format: options.format })) {
    const key = pairKey(row, goldPath);
    if (gold.has(key)) throw new InputError(`the pair ${describePair(key)} has two gold decisions`, fieldAt(row, 'candidate'));
    gold.set(key, decisionField(row, 'gold'));
  }
  const items: LabelledItem[] = [];
  const seen = new Set<string>();
  let unmatchedSystem = 0;
  for await (const row of readTable(systemPath, SYSTEM_DECISION_SCHEMA, options)) {
    if (!row.columns.has(need)) {
      throw new InputError(`no ${need} column (${need === 'score' ? 'p_selected or score' : 'decision'}) in the system file`, { file: row.source.file });
    }
    const key = pairKey(row, systemPath);
    if (seen.has(key)) throw new InputError(`the pair ${describePair(key)} is decided twice`, fieldAt(row, 'candidate'));
    seen.add(key);
    const g = gold.get(key);
    if (g === undefined) {
      unmatchedSystem++;
      continue;
    }
    items.push({ id: describePair(key), gold: g, ...(need === 'decision' ? { decision: decisionField(row, 'decision') } : { score: scoreField(row) }) });
  }
  if (items.length === 0) throw new InputError(`no (candidate, job) pair of ${systemPath} has a gold decision in ${goldPath}`, { file: goldPath });
  return { items, unmatched: { system: unmatchedSystem, gold: gold.size - items.length } };
}

function pairKey(row: TableRow, file: string): string {
  const text = (field: 'candidate' | 'job'): string => {
    const value = row.values[field];
    if (value === undefined || value === null || String(value).trim() === '') throw new InputError(`a ${field} id is needed to pair decisions with gold ones`, { ...fieldAt(row, field), file });
    return String(value).trim();
  };
  return `${text('candidate')}\t${text('job')}`;
}

function describePair(key: string): string {
  const [candidate, job] = key.split('\t');
  return `${candidate} x ${job}`;
}

function decisionField(row: TableRow, field: string): Decision {
  const raw = row.values[field];
  const text = raw === undefined || raw === null ? '' : String(raw).trim();
  const decision = SPELLINGS[text.toLowerCase()];
  if (decision === undefined) {
    throw new InputError(`expected SELECTED or REJECTED (also select/reject, yes/no, true/false, 1/0), found '${text}'`, fieldAt(row, field));
  }
  return decision;
}

function scoreField(row: TableRow): number {
  const raw = row.values.score;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw new InputError(`score must be a number, found '${text}'`, fieldAt(row, 'score'));
  return value;
}
