/**
 * CI gates: `--min METRIC=VALUE` checks shared by every `eval` subcommand. Parsing happens
 * before any work (an unknown metric is a usage error, exit 2); checking happens after the
 * report is written, so a failing build still leaves the figures (exit 1).
 */
import { GateError, UsageError } from '../errors.js';

export interface Gate {
  metric: string;
  min: number;
}

export interface GateResult extends Gate {
  /** The metric's value; NaN when undefined (e.g. no good/bad pairs), which fails the gate. */
  value: number;
  passed: boolean;
}

/**
 * Parses `METRIC=VALUE` specs against the metric names the command reports. Names are
 * case-insensitive (`P@10` = `p@10`); the value is a finite number. Throws UsageError naming
 * the spec and, for an unknown metric, listing the valid ones.
 *
 * @example parseGates(['ndcg=0.6', 'p@10=0.2'], rankingMetricNames()) // [{ metric: 'ndcg', min: 0.6 }, ...]
 */
export function parseGates(specs: readonly string[], validMetrics: readonly string[]): Gate[] {
  return specs.map((spec) => {
    const eq = spec.lastIndexOf('=');
    const metric = spec.slice(0, Math.max(eq, 0)).trim().toLowerCase();
    const valueText = spec.slice(eq + 1).trim();
    const min = Number(valueText);
    if (eq < 0 || metric === '' || valueText === '' || !Number.isFinite(min)) {
      throw new UsageError(`--min '${spec}' must look like METRIC=VALUE (e.g. --min ${validMetrics[0] ?? 'metric'}=0.5)`);
    }
    if (!validMetrics.includes(metric)) {
      throw new UsageError(`--min: unknown metric '${metric}'; valid metrics: ${validMetrics.join(', ')}`);
    }
    return { metric, min };
  });
}

/** Each gate passes when the metric is >= its minimum (an undefined/NaN metric fails). */
export function checkGates(metrics: Readonly<Record<string, number>>, gates: readonly Gate[]): GateResult[] {
  return gates.map(({ metric, min }) => {
    const value = metrics[metric] ?? NaN;
    return { metric, min, value, passed: value >= min };
  });
}

/**
 * Throws GateError (exit 1) naming every failed gate with its value, e.g.
 * `quality gate failed: ndcg 0.4123 < 0.6, map undefined < 0.2`.
 */
export function enforceGates(results: readonly GateResult[]): void {
  const failed = results.filter((r) => !r.passed);
  if (failed.length === 0) return;
  const parts = failed.map((r) => `${r.metric} ${Number.isNaN(r.value) ? 'undefined' : String(Number(r.value.toFixed(6)))} < ${r.min}`);
  throw new GateError(`quality gate failed: ${parts.join(', ')}`);
}
