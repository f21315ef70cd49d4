/**
 * Canonical fields per record kind, their header aliases, and matching a file's headers to them.
 * The alias tables are the single source for docs/input.md (a test checks the docs list them).
 */
import { InputError, UsageError } from '../errors.js';
import type { ColumnOverrides, RecordKind } from './types.js';

/** A canonical field and the header spellings (normalized) that mean it, best first. */
export interface FieldSpec {
  readonly name: string;
  readonly aliases: readonly string[];
}

/** What a table file holds: its fields (the first is the id), and the required text column. */
export interface TableSchema {
  /** Used in messages: "candidate", "job", "skill", ... */
  readonly kind: string;
  readonly fields: readonly FieldSpec[];
  /** The one column that must exist (cells may still be empty). */
  readonly required: string;
}

const ID = 'id';
const CITY: FieldSpec = { name: 'city', aliases: ['town'] };
const STATE: FieldSpec = { name: 'state', aliases: ['province', 'region', 'state_province', 'state_code'] };
const LOCATION_ALIASES = ['address', 'city_state', 'place', 'loc'];

/** Candidate (resume) files. */
export const CANDIDATE_SCHEMA: TableSchema = {
  kind: 'candidate',
  required: 'resume',
  fields: [
    { name: ID, aliases: ['candidate_id', 'applicant_id', 'resume_id', 'person_id', 'uid'] },
    { name: 'name', aliases: ['full_name', 'candidate_name', 'applicant_name', 'candidate', 'applicant'] },
    {
      name: 'titles',
      aliases: ['title', 'job_titles', 'job_title', 'position_title', 'position', 'positions', 'role',
        'roles', 'current_title', 'designation', 'occupation'],
    },
    {
      name: 'skills',
      aliases: ['skill', 'skill_list', 'skills_list', 'skill_set', 'skillset', 'key_skills',
        'competencies', 'technologies'],
    },
    {
      name: 'experience',
      aliases: ['years_experience', 'experience_years', 'years_of_experience', 'yrs_experience',
        'experience_yrs', 'total_experience', 'yoe', 'years'],
    },
    CITY,
    STATE,
    { name: 'location', aliases: [...LOCATION_ALIASES, 'candidate_location'] },
    {
      name: 'resume',
      aliases: ['resume_text', 'resume_str', 'resume_body', 'resume_content', 'cv', 'cv_text',
        'curriculum_vitae', 'text'],
    },
  ],
};

/** Job (posting) files. */
export const JOB_SCHEMA: TableSchema = {
  kind: 'job',
  required: 'description',
  fields: [
    { name: ID, aliases: ['job_id', 'posting_id', 'requisition_id', 'req_id', 'vacancy_id'] },
    {
      name: 'title',
      aliases: ['job_title', 'position_title', 'position', 'role', 'job_name', 'job_role', 'designation'],
    },
    {
      name: 'company',
      aliases: ['company_name', 'employer', 'employer_name', 'organization', 'organisation',
        'hiring_company'],
    },
    CITY,
    STATE,
    { name: 'location', aliases: [...LOCATION_ALIASES, 'job_location'] },
    {
      name: 'experience',
      aliases: ['years_experience', 'experience_years', 'years_of_experience', 'min_experience',
        'required_experience', 'experience_required', 'min_years_experience', 'yoe', 'years'],
    },
    {
      name: 'description',
      aliases: ['job_description', 'description_text', 'jd', 'job_desc', 'desc', 'job_posting',
        'posting', 'details', 'text'],
    },
  ],
};

/** Plain (id, text) files for `embed --kind text`. */
export const TEXT_SCHEMA: TableSchema = {
  kind: 'text',
  required: 'text',
  fields: [
    { name: ID, aliases: ['text_id', 'doc_id', 'document_id', 'key'] },
    { name: 'text', aliases: ['content', 'body', 'document', 'passage', 'sentence'] },
  ],
};

/** The schema per record kind. */
export const SCHEMAS: Readonly<Record<RecordKind, TableSchema>> = {
  candidate: CANDIDATE_SCHEMA,
  job: JOB_SCHEMA,
  text: TEXT_SCHEMA,
};

/**
 * The comparable form of a header: camelCase split, lower-cased, trimmed, and runs of spaces,
 * hyphens and underscores made one underscore.
 *
 * @example normalizeHeader(' Years-of Experience ') // 'years_of_experience'
 * @example normalizeHeader('fullName') // 'full_name'
 */
export function normalizeHeader(header: string): string {
  return header
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s_-]+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * Parses `name=full_name,resume=cv_text` into overrides (canonical field -> header).
 * Throws UsageError for a malformed pair or an unknown field, listing the valid fields.
 */
export function parseColumnOverrides(spec: string, schema: TableSchema): ColumnOverrides {
  const overrides: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const field = eq < 0 ? '' : pair.slice(0, eq).trim();
    const header = eq < 0 ? '' : pair.slice(eq + 1).trim();
    if (field === '' || header === '') {
      throw new UsageError(`column override '${pair.trim()}' must look like field=header (e.g. name=full_name)`);
    }
    overrides[field] = header;
  }
  checkOverrideFields(overrides, schema);
  return overrides;
}

/** Throws UsageError when an override names a field the schema does not have. */
export function checkOverrideFields(overrides: ColumnOverrides, schema: TableSchema): void {
  const names = schema.fields.map((f) => f.name);
  for (const field of Object.keys(overrides)) {
    if (!names.includes(field)) {
      throw new UsageError(
        `unknown ${schema.kind} field '${field}' in column overrides; valid fields: ${names.join(', ')}`,
      );
    }
  }
}

/** Canonical field -> the header (as spelled in the file) that supplies it. */
export type ColumnMap = ReadonlyMap<string, string>;

/**
 * Matches headers to fields: an override names its header exactly (up to normalization);
 * otherwise the field takes the header matching its earliest alias, the field name first.
 * A header serves one field at most. Overrides whose header is absent are skipped here;
 * missingOverrides reports them.
 */
export function resolveColumns(
  headers: readonly string[],
  schema: TableSchema,
  overrides: ColumnOverrides = {},
): ColumnMap {
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(normalizeHeader(h))) byNorm.set(normalizeHeader(h), h);
  const map = new Map<string, string>();
  const claimed = new Set<string>();
  for (const [field, header] of Object.entries(overrides)) {
    const found = byNorm.get(normalizeHeader(header));
    if (found === undefined) continue;
    map.set(field, found);
    claimed.add(found);
  }
  for (const spec of schema.fields) {
    if (overrides[spec.name] !== undefined) continue;
    for (const alias of [spec.name, ...spec.aliases]) {
      const found = byNorm.get(alias);
      if (found !== undefined && !claimed.has(found)) {
        map.set(spec.name, found);
        claimed.add(found);
        break;
      }
    }
  }
  return map;
}

/** Checks that the required column and every override's header were found. */
export function checkColumns(
  map: ColumnMap,
  headers: readonly string[],
  schema: TableSchema,
  overrides: ColumnOverrides,
  file: string,
): void {
  const found = headers.length === 0 ? '(none)' : headers.join(', ');
  for (const [field, header] of Object.entries(overrides)) {
    if (!headers.some((h) => normalizeHeader(h) === normalizeHeader(header))) {
      throw new InputError(`column '${header}' (given for ${field}) is not in the file; columns found: ${found}`, {
        file,
      });
    }
  }
  if (!map.has(schema.required)) {
    const spec = schema.fields.find((f) => f.name === schema.required);
    const accepted = [schema.required, ...(spec?.aliases ?? [])].join(', ');
    throw new InputError(
      `no ${schema.required} column for ${schema.kind}s; columns found: ${found}; ` +
        `accepted names: ${accepted} (or map one with ${schema.required}=COLUMN)`,
      { file },
    );
  }
}
