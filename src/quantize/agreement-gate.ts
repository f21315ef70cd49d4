/**
 * The agreement gate of `models quantize` and `models convert --quantize`, for either kind of
 * model: encoders compare embeddings (cosine, agreement.ts), causal LMs next-token predictions
 * and label probabilities (lm-agreement.ts). Below the floor the quantized copy is not written.
 */
import { GateError, UsageError } from '../errors.js';
import { loadModelDirectory } from '../model/model-dir.js';
import type { ModelTask } from '../model/model-task.js';
import { belowFloor, DEFAULT_AGREEMENT_FLOOR, measureAgreement, type Agreement, type AgreementFloor } from './agreement.js';
import { belowLmFloor, DEFAULT_LM_FLOORS, measureLmAgreement, type LmAgreement, type LmAgreementFloor } from './lm-agreement.js';
import type { QuantizeType } from './quantize-onnx.js';
import { readSamplePrompts, SAMPLE_PROMPTS } from './sample-prompts.js';
import { readSampleTexts, SAMPLE_TEXTS } from './sample-texts.js';

/** Floors as flags give them; each applies to one task, undefined takes the default. */
export interface FloorFlags {
  minCosine?: number;
  minTextCosine?: number;
  minTop1?: number;
  maxLabelDiff?: number;
}

export type GateFloor = { task: 'encoder'; floor: AgreementFloor } | { task: 'causal-lm'; floor: LmAgreementFloor };
export type GateAgreement = { task: 'encoder'; agreement: Agreement } | { task: 'causal-lm'; agreement: LmAgreement };

/**
 * The floor for a `task` model quantized to `type`, from the flags and the defaults.
 *
 * @throws UsageError for a flag of the other task or a value outside [0, 1].
 */
export function resolveFloor(task: ModelTask, type: QuantizeType, flags: FloorFlags): GateFloor {
  const value = (v: number | undefined, fallback: number, flag: string): number => {
    const x = v ?? fallback;
    if (!Number.isFinite(x) || x < 0 || x > 1) throw new UsageError(`${flag} must be between 0 and 1, got ${x}`);
    return x;
  };
  if (task === 'encoder') {
    if (flags.minTop1 !== undefined || flags.maxLabelDiff !== undefined) throw new UsageError('--min-top1 and --max-label-diff apply to causal LMs; for an encoder use --min-cosine and --min-text-cosine');
    return { task, floor: { mean: value(flags.minCosine, DEFAULT_AGREEMENT_FLOOR.mean, '--min-cosine'), min: value(flags.minTextCosine, DEFAULT_AGREEMENT_FLOOR.min, '--min-text-cosine') } };
  }
  if (flags.minCosine !== undefined || flags.minTextCosine !== undefined) throw new UsageError('--min-cosine and --min-text-cosine apply to encoders; for a causal LM use --min-top1 and --max-label-diff');
  const defaults = DEFAULT_LM_FLOORS[type];
  return { task, floor: { top1: value(flags.minTop1, defaults.top1, '--min-top1'), labelDiff: value(flags.maxLabelDiff, defaults.labelDiff, '--max-label-diff') } };
}

/** The sample texts (encoders) or prompts (causal LMs): `file`, else the built-in ones. */
export async function loadSamples(task: ModelTask, file: string | undefined): Promise<string[]> {
  if (task === 'causal-lm') return file === undefined ? [...SAMPLE_PROMPTS] : readSamplePrompts(file);
  return file === undefined ? [...SAMPLE_TEXTS] : readSampleTexts(file);
}

/**
 * Measures the quantized model in `stagedDir` against the float32 one in `referenceDir` and
 * throws GateError (exit 1) below the floor; `onMeasured` sees the agreement either way.
 *
 * @throws GateError naming the measured values, the floor and that nothing was written.
 */
export async function enforceFloor(
  referenceDir: string,
  stagedDir: string,
  samples: readonly string[],
  gate: GateFloor,
  options: { type: QuantizeType; threads?: number; target: string; onMeasured?: (agreement: GateAgreement) => void },
): Promise<GateAgreement> {
  const threads = options.threads === undefined ? {} : { threads: options.threads };
  const what = `${options.type} model below the agreement floor`;
  if (gate.task === 'encoder') {
    const agreement = await measureAgreement(await loadModelDirectory(referenceDir), await loadModelDirectory(stagedDir), samples, threads);
    options.onMeasured?.({ task: 'encoder', agreement });
    const failed = belowFloor(agreement, gate.floor);
    if (failed.length > 0) {
      const { mean, min } = gate.floor;
      throw new GateError(`${what}: cosine ${options.type} vs fp32 on ${agreement.texts} sample texts ${failed.join(', ')} (floor: mean >= ${mean}, min >= ${min}; --min-cosine, --min-text-cosine); ${options.target} was not written`);
    }
    return { task: 'encoder', agreement };
  }
  const agreement = await measureLmAgreement(referenceDir, stagedDir, samples, threads);
  options.onMeasured?.({ task: 'causal-lm', agreement });
  const failed = belowLmFloor(agreement, gate.floor);
  if (failed.length > 0) {
    const { top1, labelDiff } = gate.floor;
    throw new GateError(
      `${what}: ${options.type} vs fp32 on ${agreement.prompts} sample prompts (${agreement.positions} positions): ${failed.join(', ')} ` +
        `(floor: top-1 >= ${top1}, label-probability difference <= ${labelDiff}; --min-top1, --max-label-diff); ${options.target} was not written`,
    );
  }
  return { task: 'causal-lm', agreement };
}
