/**
 * `npm run bench:scale`: the vector store at scale, on a throw-away PostgreSQL + pgvector
 * (test/support/pg-server.ts; needs the server binaries and pgvector: bash .ci/setup-postgres.sh).
 *
 * 1. 200,000 synthetic candidate vectors x 2,000 jobs at 384 dims (clustered, bench/scale-data.ts)
 *    written through the store's own write path (binary COPY + upsert, one transaction);
 * 2. top 10 per job inside PostgreSQL: exact, then HNSW (build time, query time, recall@10
 *    against exact) at two ef_search values;
 * 3. the same top 10 in process (block similarity + top-k, as `score` without --store);
 * 4. the real resumes of ../shared embedded into the store by `embed --shard` with N=2
 *    processes, against one process (bench/scale-shards.ts).
 *
 * BENCH_CANDIDATES / BENCH_JOBS shrink part 1-3 for a quick look. Figures go to docs/scale.md.
 * Not a test: nothing here asserts a speed.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { forEachSimilarityBlock } from '../src/similarity/block-similarity.js';
import { TopKGroups } from '../src/similarity/top-k.js';
import { openVectorStore, type NewItem, type Neighbour, type NeighbourSearch } from '../src/store/vector-store.js';
import { startTestServer } from '../test/support/pg-server.js';
import { clusteredVectors, randomCentres, type ClusteredSet } from './scale-data.js';
import { benchShardedEmbed } from './scale-shards.js';

const N_CANDIDATES = Number(process.env['BENCH_CANDIDATES'] ?? 200_000);
const N_JOBS = Number(process.env['BENCH_JOBS'] ?? 2_000);
const DIM = 384;
const K = 10;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const log = (line: string): void => void process.stdout.write(line + '\n');

async function timed<T>(body: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await body();
  return [result, performance.now() - start];
}

function items(set: ClusteredSet, prefix: string): NewItem[] {
  return Array.from({ length: set.count }, (_, i) => {
    const id = `${prefix}${String(i).padStart(7, '0')}`;
    return { id, textHash: createHash('sha256').update(id).digest(), truncated: false, vector: set.vectors.subarray(i * set.dim, (i + 1) * set.dim) };
  });
}

async function searchAll(search: NeighbourSearch, jobIds: readonly string[], exact: boolean): Promise<[Neighbour[][], number]> {
  return timed(async () => {
    const out: Neighbour[][] = [];
    for (const id of jobIds) out.push(exact ? await search.exact(id) : await search.nearest(id));
    return out;
  });
}

function recall(found: Neighbour[][], truth: ReadonlyArray<ReadonlySet<string>>): number {
  let hits = 0;
  let total = 0;
  found.forEach((row, j) => {
    total += truth[j]!.size;
    hits += row.filter((n) => truth[j]!.has(n.id)).length;
  });
  return hits / total;
}

/** What the exact statement's plan does (the same SQL as src/store/nearest.ts), from EXPLAIN ANALYZE. */
async function exactPlan(modelId: number): Promise<string> {
  const client = await server.connect();
  try {
    for (const set of ['enable_indexscan = off', 'jit = off', 'search_path = public']) await client.query(`SET ${set}`);
    const q = `(SELECT g.embedding FROM scale.jobs g WHERE g.model_id = ${modelId} AND g.id = 'j0000000')`;
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) SELECT i.id, i.embedding <=> ${q} AS distance FROM scale.candidates i WHERE i.model_id = ${modelId} ORDER BY i.embedding <=> ${q}, i.id LIMIT ${K}`);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const workers = /Workers Launched: (\d+)/.exec(plan)?.[1];
    return workers === undefined ? 'seq scan, no parallel workers' : `parallel seq scan, ${workers} workers + leader`;
  } finally {
    await client.end();
  }
}

/** The same data in halfvec(384): sizes, load, exact (on a sample) and HNSW against the float32 truth. */
async function benchHalfvec(candidateItems: NewItem[], jobs: ClusteredSet, jobIds: string[], truth: ReadonlyArray<ReadonlySet<string>>): Promise<void> {
  const store = await openVectorStore({ url: server.url, schema: 'scale_half', type: 'halfvec' });
  await store.prepare(DIM, 'halfvec');
  const modelId = await store.model({ key: createHash('sha256').update('synthetic').digest(), fingerprint: 'synthetic', name: 'synthetic-384' });
  const [, loadMs] = await timed(() => store.write('candidate', modelId, 'synthetic', candidateItems));
  await store.write('job', modelId, 'synthetic', items(jobs, 'j'));
  await server.query('VACUUM ANALYZE scale_half.candidates, scale_half.jobs');
  const [sizes] = (await server.query<{ heap: string }>(`SELECT pg_relation_size('scale_half.candidates') AS heap`)) as [{ heap: string }];
  const sample = jobIds.slice(0, Math.min(200, jobIds.length));
  const [exact, exactMs] = await searchAll(await store.search(modelId, { groupKind: 'job', k: K, ann: false }), sample, true);
  const [hnsw, buildMs] = await timed(() => store.search(modelId, { groupKind: 'job', k: K, ann: true, efSearch: 100 }));
  const [found, annMs] = await searchAll(hnsw, jobIds, false);
  const [idx] = (await server.query<{ bytes: string }>(`SELECT pg_relation_size('scale_half.candidates_hnsw_m${modelId}') AS bytes`)) as [{ bytes: string }];
  log(`## halfvec(${DIM}), same data`);
  log(`load ${seconds(loadMs)}; heap ${mb(Number(sizes.heap))} (${Math.round(Number(sizes.heap) / N_CANDIDATES)} B/row); HNSW build ${seconds(buildMs)}, index ${mb(Number(idx.bytes))}`);
  log(`exact: ${(exactMs / sample.length).toFixed(1)} ms per job (first ${sample.length} jobs), recall@${K} vs float32 exact ${recall(exact, truth.slice(0, sample.length)).toFixed(4)}`);
  log(`HNSW ef_search 100: ${(annMs / jobIds.length).toFixed(1)} ms per job, recall@${K} vs float32 exact ${recall(found, truth).toFixed(4)}\n`);
  await store.close();
}

const load = os.loadavg();
log(`# bench:scale (${new Date().toISOString()})`);
log(`machine: ${os.cpus()[0]?.model ?? '?'}, ${os.availableParallelism()} vCPU, ${mb(os.totalmem())} RAM, ${os.platform()} ${os.release()}, node ${process.version}`);
log(`load average at start: ${load.map((l) => l.toFixed(2)).join(' ')} (other jobs on this machine may run concurrently)`);

const server = await startTestServer({ settings: { shared_buffers: '2GB', maintenance_work_mem: '2GB', max_parallel_maintenance_workers: '1', effective_cache_size: '8GB' } });
try {
  const [{ v: serverVersion }] = (await server.query<{ v: string }>(`SELECT version() AS v`)) as [{ v: string }];
  log(`server: ${serverVersion.split(' on ')[0]}; shared_buffers 2GB, maintenance_work_mem 2GB, fsync off (a throw-away server)`);

  const centres = randomCentres(2_000, DIM, 11);
  const candidates = clusteredVectors(N_CANDIDATES, DIM, centres, 1, 12);
  const jobs = clusteredVectors(N_JOBS, DIM, centres, 1, 13);
  const store = await openVectorStore({ url: server.url, schema: 'scale' });
  await store.prepare(DIM);
  const pgvector = (await server.query<{ v: string }>(`SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'`))[0]?.v;
  log(`pgvector ${pgvector}; ${N_CANDIDATES} candidates x ${N_JOBS} jobs, ${DIM} dims, top ${K}\n`);
  const modelId = await store.model({ key: createHash('sha256').update('synthetic').digest(), fingerprint: 'synthetic', name: 'synthetic-384' });

  const candidateItems = items(candidates, 'c');
  const [, loadCandMs] = await timed(() => store.write('candidate', modelId, 'synthetic', candidateItems));
  const [, loadJobMs] = await timed(() => store.write('job', modelId, 'synthetic', items(jobs, 'j')));
  const [, analyzeMs] = await timed(() => server.query('VACUUM ANALYZE scale.candidates, scale.jobs'));
  const [sizes] = (await server.query<{ heap: string; total: string }>(`SELECT pg_relation_size('scale.candidates') AS heap, pg_total_relation_size('scale.candidates') AS total`)) as [{ heap: string; total: string }];
  log(`## load (binary COPY + upsert, one transaction each)`);
  log(`candidates: ${seconds(loadCandMs)} (${Math.round(N_CANDIDATES / (loadCandMs / 1000))} rows/s); jobs: ${seconds(loadJobMs)}; VACUUM ANALYZE ${seconds(analyzeMs)}`);
  log(`candidates table: heap ${mb(Number(sizes.heap))} (${Math.round(Number(sizes.heap) / N_CANDIDATES)} B/row), with primary key ${mb(Number(sizes.total))}\n`);

  const jobIds = Array.from({ length: N_JOBS }, (_, j) => `j${String(j).padStart(7, '0')}`);
  const exactSearch = await store.search(modelId, { groupKind: 'job', k: K, ann: false });
  const [exact, exactMs] = await searchAll(exactSearch, jobIds, true);
  const truth = exact.map((row) => new Set(row.map((n) => n.id)));
  log(`## top ${K} per job`);
  log(`| method | time for ${N_JOBS} jobs | per job | recall@${K} vs exact |`);
  log(`|---|---|---|---|`);
  log(`| PostgreSQL exact (ORDER BY <=> LIMIT ${K}: ${await exactPlan(modelId)}) | ${seconds(exactMs)} | ${(exactMs / N_JOBS).toFixed(1)} ms | 1 |`);

  const [inProcess, inProcessMs] = await timed(async () => {
    const groups = new TopKGroups(N_CANDIDATES, N_JOBS, { k: K, per: 'job' });
    await forEachSimilarityBlock(candidates.vectors, N_CANDIDATES, jobs.vectors, N_JOBS, DIM, (start, count, block) => groups.addBlock(start, count, block));
    return Array.from({ length: N_JOBS }, (_, j) => groups.sorted(j).map((s) => ({ id: candidateItems[s.index]!.id, score: s.score })));
  });
  log(`| resumator in process (block similarity on onnxruntime + top-k; vectors in memory) | ${seconds(inProcessMs)} | ${(inProcessMs / N_JOBS).toFixed(2)} ms | ${recall(inProcess, truth).toFixed(4)} |`);

  const [hnsw, buildMs] = await timed(() => store.search(modelId, { groupKind: 'job', k: K, ann: true, efSearch: 40 }));
  const [found40, ann40Ms] = await searchAll(hnsw, jobIds, false);
  log(`| HNSW, ef_search 40 (pgvector default) | ${seconds(ann40Ms)} | ${(ann40Ms / N_JOBS).toFixed(1)} ms | ${recall(found40, truth).toFixed(4)} |`);
  const wide = await store.search(modelId, { groupKind: 'job', k: K, ann: true, efSearch: 100 });
  const [found100, ann100Ms] = await searchAll(wide, jobIds, false);
  log(`| HNSW, ef_search 100 | ${seconds(ann100Ms)} | ${(ann100Ms / N_JOBS).toFixed(1)} ms | ${recall(found100, truth).toFixed(4)} |`);
  const [idx] = (await server.query<{ bytes: string }>(`SELECT pg_relation_size('scale.candidates_hnsw_m${modelId}') AS bytes`)) as [{ bytes: string }];
  log(`\nHNSW build (m 16, ef_construction 64, 1 parallel worker): ${seconds(buildMs)}, index ${mb(Number(idx.bytes))}\n`);
  await store.close();
  await benchHalfvec(candidateItems, jobs, jobIds, truth);
  candidateItems.length = 0;

  await benchShardedEmbed(server, log);
} finally {
  server.stop();
}
log(`\nload average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
