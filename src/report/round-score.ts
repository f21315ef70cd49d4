/**
 * Numbers in machine-readable outputs (json, jsonl, csv) are written at full precision: what
 * the computation produced, so a downstream scorer or a comparison with another tool sees the
 * same value (an nDCG of 0.9660342157, not 0.966034). Tables round for people, each where it
 * prints.
 */

/**
 * A number for JSON: the value itself, -0 as 0, and NaN or ±Infinity (an undefined metric,
 * e.g. 0/0 or a constant sample) as null, since JSON has neither.
 *
 * @example jsonNumber(0.9660342157) // 0.9660342157
 * @example jsonNumber(NaN) // null
 */
export function jsonNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : value;
}

/**
 * A float32 score as text for the score matrix CSV: 9 significant digits, the most a float32
 * needs to read back exactly, without float64 noise digits (so a 20,000 x 5,000 matrix stays
 * about half the size of full float64 text) and never in exponent notation for |x| >= 1e-6.
 *
 * @example float32Text(0.8123456835746765) // '0.812345684'
 */
export function float32Text(score: number): string {
  const value = Number(score.toPrecision(9));
  return String(value === 0 ? 0 : value);
}
