/** The text (or JSON) of `resumator store stats`. */
import { formatSize } from '../format-size.js';
import type { StoreStats } from '../store/store-admin.js';

/**
 * @example
 * renderStoreStats(stats);
 * // store     postgres://ana@db:5432/hr (schema resumator)
 * // server    PostgreSQL 15.8, pgvector 0.8.6
 * // vectors   vector(384)
 * // ...
 */
export function renderStoreStats(stats: StoreStats): string {
  const lines = [`store     ${stats.where}`, `server    PostgreSQL ${stats.serverVersion}, ${stats.pgvectorVersion === undefined ? 'no pgvector extension in this database' : `pgvector ${stats.pgvectorVersion}`}`];
  if (stats.layout === undefined) {
    lines.push('tables    none yet (resumator store init --dim D, or the first embed/score --store, creates them)');
    return lines.join('\n') + '\n';
  }
  const { bytes } = stats;
  lines.push(
    `vectors   ${stats.layout.type}(${stats.layout.dim})`,
    `size      ${formatSize(bytes.total)} (candidates ${formatSize(bytes.candidates)}, jobs ${formatSize(bytes.jobs)}, HNSW indexes ${formatSize(bytes.hnsw)}; with their keys and indexes)`,
    `models    ${stats.models.length}`,
  );
  for (const m of stats.models) {
    const indexes = m.indexes.length === 0 ? 'no HNSW index' : `HNSW ${m.indexes.join(', ')}`;
    lines.push(`  ${m.name} [${m.fingerprint.slice(0, 12)}]: ${m.candidates} candidates, ${m.jobs} jobs, ${indexes}`);
  }
  return lines.join('\n') + '\n';
}

/** Stable keys for scripts: the same figures as the text. */
export function renderStoreStatsJson(stats: StoreStats): string {
  const body = {
    store: stats.where,
    server_version: stats.serverVersion,
    pgvector_version: stats.pgvectorVersion ?? null,
    dim: stats.layout?.dim ?? null,
    vector_type: stats.layout?.type ?? null,
    bytes: stats.bytes,
    models: stats.models.map((m) => ({ id: m.id, name: m.name, fingerprint: m.fingerprint, candidates: m.candidates, jobs: m.jobs, hnsw_indexes: m.indexes })),
  };
  return JSON.stringify(body, null, 2) + '\n';
}
