/**
 * Readers for TREC-format qrels (`q_id 0 doc_id rel`) and runs (`q_id Q0 doc_id rank score
 * tag`): whitespace-separated, one judgement or retrieved document per line, blank lines
 * skipped. Every malformed line is an InputError naming file:line (and the field).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors.js';
import type { Qrels, Run } from '../metrics/ranking-evaluation.js';

export interface ReadRun {
  run: Run;
  /** Distinct values of the tag column, in order of appearance. */
  tags: string[];
  lines: number;
}

/**
 * Reads qrels. `rel` must be an integer >= 0 (TalentCLEF: 2 core, 1 contextual, 0 judged not
 * relevant); the second column is ignored, as trec_eval does. A (q_id, doc_id) judged twice is
 * an error naming both lines: there is no right grade to pick.
 *
 * @example const qrels = await readQrels('qrels.tsv'); qrels.get('q1')?.get('d7') // 2
 */
export async function readQrels(file: string): Promise<Qrels> {
  const qrels = new Map<string, Map<string, number>>();
  const seen = new Map<string, number>();
  for await (const { fields, line } of trecLines(file, 4, 'q_id 0 doc_id rel')) {
    const [query, , doc, relText] = fields as [string, string, string, string];
    if (!/^\d+$/.test(relText)) throw new InputError(`relevance must be an integer >= 0, found '${relText}'`, { file, line, field: 'rel' });
    checkDuplicate(seen, `${query}\u0000${doc}`, { file, line }, `query '${query}' judges document '${doc}'`);
    let judged = qrels.get(query);
    if (judged === undefined) qrels.set(query, (judged = new Map()));
    judged.set(doc, Number(relText));
  }
  if (qrels.size === 0) throw new InputError('no judgements: the qrels file is empty', { file });
  return qrels;
}

/**
 * Reads a run. Ranking comes from the score column (a finite number); the rank column must be
 * an integer but is otherwise ignored, as in the TalentCLEF scorer. The same document twice
 * for one query is an error naming both lines (trec_eval rejects it too; ranx silently keeps
 * one score, which would hide a broken run).
 *
 * @example const { run } = await readRun('run.txt'); run.get('q1')?.get('d7') // 0.83
 */
export async function readRun(file: string): Promise<ReadRun> {
  const run = new Map<string, Map<string, number>>();
  const seen = new Map<string, number>();
  const tags = new Set<string>();
  let lines = 0;
  for await (const { fields, line } of trecLines(file, 6, 'q_id Q0 doc_id rank score tag')) {
    const [query, , doc, rankText, scoreText, tag] = fields as [string, string, string, string, string, string];
    if (!/^[+-]?\d+$/.test(rankText)) throw new InputError(`rank must be an integer, found '${rankText}'`, { file, line, field: 'rank' });
    const score = Number(scoreText);
    if (scoreText === '' || !Number.isFinite(score)) throw new InputError(`score must be a finite number, found '${scoreText}'`, { file, line, field: 'score' });
    checkDuplicate(seen, `${query}\u0000${doc}`, { file, line }, `query '${query}' retrieves document '${doc}'`);
    let scores = run.get(query);
    if (scores === undefined) run.set(query, (scores = new Map()));
    scores.set(doc, score);
    tags.add(tag);
    lines++;
  }
  if (run.size === 0) throw new InputError('no retrieved documents: the run file is empty', { file });
  return { run, tags: [...tags], lines };
}

function checkDuplicate(seen: Map<string, number>, key: string, at: { file: string; line: number }, what: string): void {
  const first = seen.get(key);
  if (first !== undefined) throw new InputError(`${what} twice (first on line ${first}); remove the duplicate`, at);
  seen.set(key, at.line);
}

/** Non-blank lines split on whitespace, checked for the field count. */
async function* trecLines(file: string, count: number, layout: string): AsyncGenerator<{ fields: string[]; line: number }> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('ready', () => resolve());
    stream.once('error', reject);
  });
  let line = 0;
  try {
    await opened;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line++;
      const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
      if (trimmed === '') continue;
      const fields = trimmed.split(/\s+/);
      if (fields.length !== count) {
        throw new InputError(`expected ${count} whitespace-separated fields (${layout}), found ${fields.length}`, { file, line });
      }
      yield { fields, line };
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new InputError(`cannot read input: ${reason}`, { file });
  } finally {
    stream.destroy();
  }
}
