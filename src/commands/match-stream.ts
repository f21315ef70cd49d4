/**
 * Output of `score --store`, group by group: jsonl and csv lines are written as each group's
 * top K comes back from the store (to stdout, or through an atomic writer that commits only
 * when the run completes); table and json need the whole report (column widths, stats last)
 * and are rendered at the end, as without --store. Every format's bytes are the ones the
 * regular renderers produce.
 */
import { openAtomicWriter, STDOUT_PATH, type AtomicWriter } from '../output/atomic-write.js';
import { writeOutput } from '../output/write-output.js';
import { renderCsv } from '../report/score/csv.js';
import { renderJsonl } from '../report/score/json.js';
import { renderReport, type OutputFormat } from '../report/score/render.js';
import type { Match, ScoreReport } from '../report/score/score-report.js';

export interface MatchStream {
  /** One group's matches, in report order. */
  add(matches: readonly Match[]): Promise<void>;
  /** Writes what is left (the whole report for table/json) and commits a file. */
  finish(report: ScoreReport): Promise<void>;
  /** Discards a partial file; stdout output already written stays written. */
  abort(): Promise<void>;
}

/**
 * @example
 * const out = await openMatchStream('jsonl', undefined, writeStdout, base);
 * await out.add(groupMatches); ... await out.finish(report);
 */
export async function openMatchStream(format: OutputFormat, output: string | undefined, write: (chunk: string) => void, base: ScoreReport): Promise<MatchStream> {
  if (format !== 'jsonl' && format !== 'csv') {
    return { add: async () => undefined, finish: (report) => writeOutput(output, renderReport(report, format), write), abort: async () => undefined };
  }
  const file: AtomicWriter | undefined = output === undefined || output === STDOUT_PATH ? undefined : await openAtomicWriter(output);
  const emit = async (chunk: string): Promise<void> => {
    if (chunk === '') return;
    if (file === undefined) write(chunk);
    else await file.write(chunk);
  };
  // renderCsv always starts with its header line: written once, then cut from every group.
  const header = format === 'csv' ? renderCsv({ ...base, matches: [] }) : '';
  await emit(header);
  return {
    add: (matches) => {
      const part = { ...base, matches: [...matches] };
      return emit(format === 'jsonl' ? renderJsonl(part) : renderCsv(part).slice(header.length));
    },
    finish: async () => {
      await file?.commit();
    },
    abort: async () => {
      await file?.abort();
    },
  };
}
