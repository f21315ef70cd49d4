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
    { name: 'score', aliases: ['system_score', 'similarity', 'cosine'] },
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
