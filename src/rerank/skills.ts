/**
 * The skills corpus of `rerank`: ESCO's skills_en.csv, TalentCLEF's corpus_elements, or a plain
 * CSV/TSV/JSONL table with id, name and optional aliases. The layout is detected from the
 * header, so each file is read as published.
 */
import { InputError } from '../errors.js';
import { normalizeHeader, type TableSchema } from '../input/columns.js';
import { textValue } from '../input/fields.js';
import { readRows } from '../input/read-rows.js';
import { fieldAt, readTable, type TableRow } from '../input/read-table.js';
import type { ColumnOverrides, InputFormat } from '../input/types.js';
import { parsePythonStringList, PythonListError } from './python-list.js';
import { tableFormat } from './table-format.js';

export type SkillLayout = 'esco' | 'talentclef' | 'plain';
export type SkillText = 'label' | 'label+aliases';
export const SKILL_TEXTS: readonly SkillText[] = ['label', 'label+aliases'];

export interface Skill {
  /** ESCO conceptUri, TalentCLEF c_id (as in its qrels), or the plain file's id. */
  id: string;
  label: string;
  /** Alternative labels, without the label itself and without duplicates. */
  aliases: string[];
}

export interface SkillCorpus {
  layout: SkillLayout;
  skills: Skill[];
}

/** ESCO v1.x skills_en.csv: conceptUri, preferredLabel, altLabels (one per line in the cell). */
export const ESCO_SKILL_SCHEMA: TableSchema = {
  kind: 'skill',
  required: 'name',
  fields: [
    { name: 'id', aliases: ['concept_uri'] },
    { name: 'name', aliases: ['preferred_label'] },
    { name: 'aliases', aliases: ['alt_labels'] },
  ],
};

/** TalentCLEF Task B corpus_elements: c_id, esco_uri, skill_aliases (Python list, first = label). */
export const TALENTCLEF_SKILL_SCHEMA: TableSchema = {
  kind: 'skill',
  required: 'aliases',
  fields: [
    { name: 'id', aliases: ['c_id'] },
    { name: 'aliases', aliases: ['skill_aliases'] },
  ],
};

/** Plain skill tables. */
export const PLAIN_SKILL_SCHEMA: TableSchema = {
  kind: 'skill',
  required: 'name',
  fields: [
    { name: 'id', aliases: ['skill_id', 'c_id', 'concept_uri', 'uri', 'skill_uri', 'code'] },
    { name: 'name', aliases: ['label', 'preferred_label', 'skill', 'skill_name', 'skill_label', 'title'] },
    { name: 'aliases', aliases: ['alt_labels', 'altlabels', 'synonyms', 'alternative_labels', 'skill_aliases', 'alias'] },
  ],
};

/** Which layout a header row is. */
export function detectSkillLayout(headers: readonly string[]): SkillLayout {
  const names = new Set(headers.map(normalizeHeader));
  if (names.has('concept_uri') && names.has('preferred_label')) return 'esco';
  if (names.has('c_id') && names.has('skill_aliases') && !names.has('name') && !names.has('label')) return 'talentclef';
  return 'plain';
}

const SCHEMAS: Readonly<Record<SkillLayout, TableSchema>> = { esco: ESCO_SKILL_SCHEMA, talentclef: TALENTCLEF_SKILL_SCHEMA, plain: PLAIN_SKILL_SCHEMA };

/**
 * Reads a skills file, detecting its layout from the header. Throws InputError (file, line,
 * field) for a missing label column (naming the columns found), an empty label, a malformed
 * alias list or a duplicate id. Column overrides (`--skill-columns name=title`) imply the
 * plain layout.
 *
 * @example
 * const { layout, skills } = await readSkills('../shared/data/esco/skills_en.csv'); // 'esco', 13,896 skills
 */
export async function readSkills(path: string, options: { format?: InputFormat; columns?: ColumnOverrides } = {}): Promise<SkillCorpus> {
  const format = await tableFormat(path, options.format);
  const overridden = options.columns !== undefined && Object.keys(options.columns).length > 0;
  const layout = overridden ? 'plain' : detectSkillLayout(await firstHeaders(path, format));
  const skills: Skill[] = [];
  for await (const row of readTable(path, SCHEMAS[layout], { format, columns: options.columns })) skills.push(toSkill(row, layout));
  return { layout, skills };
}

/** The text stage 1 embeds for a skill (stage 2 always reads the label). */
export function skillText(skill: Skill, mode: SkillText): string {
  return mode === 'label' || skill.aliases.length === 0 ? skill.label : [skill.label, ...skill.aliases].join('; ');
}

async function firstHeaders(path: string, format: InputFormat | undefined): Promise<string[]> {
  for await (const raw of readRows(path, { format })) return [...(raw.headers ?? Object.keys(raw.values))];
  return [];
}

function toSkill(row: TableRow, layout: SkillLayout): Skill {
  const raw = row.values['aliases'];
  let names: string[];
  if (layout === 'talentclef') {
    names = pythonList(raw, row);
    if (names.length === 0) throw new InputError('empty skill_aliases list: its first entry is the skill label', fieldAt(row, 'aliases'));
  } else {
    const label = textValue(row.values['name'], fieldAt(row, 'name'));
    if (label === undefined) throw new InputError('empty skill label', fieldAt(row, 'name'));
    names = [label, ...aliasList(raw, row, layout)];
  }
  const label = names[0] as string;
  const seen = new Set([label.toLowerCase()]);
  const aliases: string[] = [];
  for (const alias of names.slice(1)) {
    const key = alias.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    aliases.push(alias);
  }
  return { id: row.id, label, aliases };
}

function pythonList(raw: unknown, row: TableRow): string[] {
  if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === 'string').map((s) => s.trim()).filter((s) => s !== '');
  const text = textValue(raw, fieldAt(row, 'aliases'));
  if (text === undefined) return [];
  try {
    return parsePythonStringList(text).map((s) => s.trim()).filter((s) => s !== '');
  } catch (err) {
    if (err instanceof PythonListError) throw new InputError(`not a Python list of strings: ${err.message}`, fieldAt(row, 'aliases'));
    throw err;
  }
}

/** ESCO: one alias per line. Plain: a JSON array, or text separated by ';', '|' or newlines. */
function aliasList(raw: unknown, row: TableRow, layout: SkillLayout): string[] {
  const at = fieldAt(row, 'aliases');
  if (Array.isArray(raw)) return raw.map((v) => textValue(v, at)).filter((s): s is string => s !== undefined);
  const text = textValue(raw, at);
  if (text === undefined) return [];
  if (layout === 'plain' && text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map((v) => textValue(v, at)).filter((s): s is string => s !== undefined);
    } catch {
      // Not JSON: fall through to the separators.
    }
  }
  const separator = layout === 'esco' ? /\n/ : /[;|\n]/;
  return text.split(separator).map((s) => s.trim()).filter((s) => s !== '');
}
