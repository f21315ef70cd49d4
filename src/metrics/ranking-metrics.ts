/**
 * Per-query ranking metrics as the TalentCLEF 2026 scorer (ranx) and trec_eval define them,
 * over a ranked list of document ids and the query's judgements. Relevance grades are
 * integers >= 0; documents without a judgement count as grade 0.
 */

/** A query's judgements: document id -> relevance grade (0 = judged not relevant). */
export type Judgements = ReadonlyMap<string, number>;

/**
 * Document ids ordered by score descending; equal scores by document id in DESCENDING string
 * order (compared by UTF-16 code units, which is byte order for ASCII ids), trec_eval's rule,
 * so a tie can never depend on file order.
 *
 * @example rankDocs(new Map([['a', 0.5], ['b', 0.9], ['c', 0.5]])) // ['b', 'c', 'a']
 */
export function rankDocs(scores: ReadonlyMap<string, number>): string[] {
  return [...scores].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? 1 : x[0] > y[0] ? -1 : 0)).map(([doc]) => doc);
}

export interface NdcgOptions {
  /** Only the first `cutoff` ranks count (nDCG@k); undefined = the whole list. */
  cutoff?: number;
  /** Every grade > 0 counts as 1 (TalentCLEF's binary nDCG). */
  binary?: boolean;
}

/**
 * nDCG with linear gain and log2 discount:
 * `DCG = sum over ranks i = 1..n of gain(doc_i) / log2(i + 1)` where n is the list length (or
 * the cutoff k when shorter) and `gain = grade` (binary: 1 if grade > 0 else 0);
 * `IDCG` is the same sum over ALL the query's judged grades sorted descending (cut at k too);
 * `nDCG = DCG / IDCG`, and 0 when IDCG is 0 (no relevant judgement).
 *
 * @example
 * // grades a=2, b=1; ranked [x, a]: DCG = 2/log2(3) = 1.2619; IDCG = 2/1 + 1/log2(3) = 2.6309
 * ndcg(['x', 'a'], new Map([['a', 2], ['b', 1]])) // 0.47965...
 */
export function ndcg(ranked: readonly string[], judged: Judgements, options: NdcgOptions = {}): number {
  const gain = options.binary === true ? (g: number) => (g > 0 ? 1 : 0) : (g: number) => g;
  const k = options.cutoff ?? Infinity;
  let dcg = 0;
  const n = Math.min(ranked.length, k);
  for (let i = 0; i < n; i++) dcg += gain(judged.get(ranked[i]!) ?? 0) / Math.log2(i + 2);
  const ideal = [...judged.values()].map(gain).sort((a, b) => b - a);
  let idcg = 0;
  const m = Math.min(ideal.length, k);
  for (let i = 0; i < m; i++) idcg += ideal[i]! / Math.log2(i + 2);
  return idcg === 0 ? 0 : dcg / idcg;
}

/**
 * Average precision over the whole list: `AP = (1/R) * sum over ranks i holding a relevant
 * document of P@i`, relevant = grade >= 1 and R = the number of the query's judged relevant
 * documents (relevant documents never retrieved add 0). 0 when R is 0.
 *
 * @example
 * // relevant a, b (R = 2); ranked [a, x, b]: (1/1 + 2/3) / 2
 * averagePrecision(['a', 'x', 'b'], new Map([['a', 1], ['b', 2]])) // 0.8333...
 */
export function averagePrecision(ranked: readonly string[], judged: Judgements): number {
  const r = relevantCount(judged);
  if (r === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranked.forEach((doc, i) => {
    if ((judged.get(doc) ?? 0) >= 1) sum += ++hits / (i + 1);
  });
  return sum / r;
}

/**
 * Reciprocal rank: 1 / (rank of the first document with grade >= 1), 0 when none is retrieved.
 *
 * @example reciprocalRank(['x', 'y', 'a'], new Map([['a', 1]])) // 0.3333...
 */
export function reciprocalRank(ranked: readonly string[], judged: Judgements): number {
  const i = ranked.findIndex((doc) => (judged.get(doc) ?? 0) >= 1);
  return i < 0 ? 0 : 1 / (i + 1);
}

/**
 * Precision at k: (relevant documents, grade >= 1, among the first k) / k. Always divides by
 * k, also when fewer than k documents were returned (trec_eval and ranx do the same).
 *
 * @example precisionAt(['a', 'x'], new Map([['a', 1]]), 5) // 0.2
 */
export function precisionAt(ranked: readonly string[], judged: Judgements, k: number): number {
  return hitsAt(ranked, judged, k) / k;
}

/**
 * Recall at k: (relevant documents among the first k) / R, R = the query's judged relevant
 * documents (grade >= 1). 0 when R is 0.
 *
 * @example recallAt(['a', 'x'], new Map([['a', 1], ['b', 1]]), 5) // 0.5
 */
export function recallAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const r = relevantCount(judged);
  return r === 0 ? 0 : hitsAt(ranked, judged, k) / r;
}

/** Judged documents with grade >= 1. */
export function relevantCount(judged: Judgements): number {
  let r = 0;
  for (const grade of judged.values()) if (grade >= 1) r++;
  return r;
}

function hitsAt(ranked: readonly string[], judged: Judgements, k: number): number {
  let hits = 0;
  const n = Math.min(ranked.length, k);
  for (let i = 0; i < n; i++) if ((judged.get(ranked[i]!) ?? 0) >= 1) hits++;
  return hits;
}
