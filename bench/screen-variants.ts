/**
 * The quantized copies of the benchmark model, made once and reused. int8 and int4 come from
 * the project's own quantizer; a variant this build cannot make is reported as skipped.
 */
import { access } from 'node:fs/promises';
import { quantizeModelDirectory } from '../src/quantize/quantize-model-dir.js';

/** The directory of `variant` ('int8', 'int4') of `fp32`, or undefined when it cannot be made here. */
export async function quantizedVariant(fp32: string, variant: string): Promise<string | undefined> {
  const out = `${fp32}-${variant}`;
  if (await access(out).then(() => true, () => false)) return out;
  if (variant !== 'int8') return undefined;
  await quantizeModelDirectory(fp32, out, { force: false });
  return out;
}
