/**
 * The output layer every `eval` subcommand shares: JSON values (full-precision numbers, null
 * for undefined metrics), the metric table, writing, and the gates after the write.
 */
import { writeOutput } from '../../output/write-output.js';
import { jsonNumber } from '../round-score.js';
import { checkGates, enforceGates, type Gate, type GateResult } from '../../eval/gates.js';

export type EvalFormat = 'table' | 'json' | 'html';
export const EVAL_FORMATS: readonly EvalFormat[] = ['table', 'json', 'html'];

const TABLE_DECIMALS = 4;

/** {@link jsonNumber} over a record, keeping its key order. */
export function jsonMetrics(metrics: Readonly<Record<string, number>>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(metrics)) out[k] = jsonNumber(v);
  return out;
}

/** Gate results for JSON: `[{metric, min, value, passed}]`. */
export function jsonGates(results: readonly GateResult[]): Array<{ metric: string; min: number; value: number | null; passed: boolean }> {
  return results.map((r) => ({ metric: r.metric, min: r.min, value: jsonNumber(r.value), passed: r.passed }));
}

/** A metric for a table: 4 decimals, or `undefined`. */
export function tableNumber(value: number): string {
  return Number.isFinite(value) ? value.toFixed(TABLE_DECIMALS) : 'undefined';
}

/**
 * Aligned `name  value` lines, indented two spaces, optionally with a note per metric.
 *
 * @example metricLines({ ndcg: 0.6595 }) // ['  ndcg  0.6595']
 */
export function metricLines(metrics: Readonly<Record<string, number>>, notes: Readonly<Record<string, string>> = {}): string[] {
  const names = Object.keys(metrics);
  const width = Math.max(0, ...names.map((n) => n.length));
  return names.map((n) => `  ${n.padEnd(width)}  ${tableNumber(metrics[n]!).padStart(9)}${notes[n] === undefined ? '' : `  ${notes[n]}`}`);
}

/** Table lines for gate results: one per gate with PASS/FAIL. */
export function gateLines(results: readonly GateResult[]): string[] {
  if (results.length === 0) return [];
  return ['Gates', ...results.map((r) => `  ${r.passed ? 'PASS' : 'FAIL'}  ${r.metric} ${tableNumber(r.value)} >= ${r.min}`)];
}

export interface EvalEmit {
  format: EvalFormat;
  /** File to write atomically; undefined or '-' writes to `write`. */
  output?: string;
  write: (chunk: string) => void;
}

/**
 * Checks `gates` against `metrics`, lets the command render its report WITH the gate results
 * (so the output records them), writes it, and only then throws GateError for failed gates.
 */
export async function emitEvalReport(
  metrics: Readonly<Record<string, number>>,
  gates: readonly Gate[],
  render: (results: GateResult[], format: EvalFormat) => string,
  emit: EvalEmit,
): Promise<GateResult[]> {
  const results = checkGates(metrics, gates);
  await writeOutput(emit.output, render(results, emit.format), emit.write);
  enforceGates(results);
  return results;
}

/** Pretty JSON with a trailing newline, as `score --format json`. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
