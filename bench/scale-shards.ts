/**
 * Part 4 of `npm run bench:scale`: the 962 real resumes of ../shared embedded into the store
 * through the CLI with a random-weight model of the all-MiniLM-L6-v2 shape (real tokenizer,
 * real token counts), by one process and by `embed --shard 1/2` + `--shard 2/2` running at
 * once, then a shard run again (nothing to embed). No embedding cache, so every run infers.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadTexts } from '../src/commands/load-texts.js';
import { selectShard } from '../src/commands/shard-texts.js';
import type { TestServer } from '../test/support/pg-server.js';
import { randomBertModelDir } from './random-model.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');

interface Run {
  ms: number;
  stderr: string;
}

function embed(args: string[]): Promise<Run> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'resumator.js'), 'embed', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - start, stderr }) : reject(new Error(`embed ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

const summary = (run: Run): string => /store: (.*) into /.exec(run.stderr)?.[1] ?? '?';

export async function benchShardedEmbed(server: TestServer, log: (line: string) => void): Promise<void> {
  const resumes = path.join(shared, 'data', 'resumes', 'UpdatedResumeDataSet.csv');
  if (!existsSync(resumes)) {
    log(`## sharded embed: skipped (${resumes} not found; it lives in ../shared beside the checkout)`);
    return;
  }
  const model = await randomBertModelDir(path.join(shared, 'models', 'all-MiniLM-L6-v2'));
  const common = (schema: string, threads: number): string[] => [resumes, '--kind', 'candidate', '--model', model, '--no-cache', '--threads', String(threads), '--store', server.url, '--store-schema', schema];
  // A run embeds each distinct text once; the dataset repeats many resumes under other ids,
  // and shards (by id) each embed their own copy of a repeated text.
  const loaded = await loadTexts(resumes, { kind: 'candidate' });
  const distinct = (shard?: { index: number; count: number }): number => new Set(selectShard(loaded, shard).texts).size;
  log(`## sharded embed: ${resumes.replace(shared, '../shared')} (${loaded.ids.length} resumes, ${distinct()} distinct texts; shards 1/2 and 2/2 hold ${distinct({ index: 1, count: 2 })} and ${distinct({ index: 2, count: 2 })}), all-MiniLM-L6-v2 shape (random weights), no embedding cache`);
  const one = await embed(common('one_process', 2));
  log(`- 1 process, 2 threads: ${(one.ms / 1000).toFixed(1)} s (${summary(one)})`);
  const start = performance.now();
  const shards = await Promise.all(['1/2', '2/2'].map((shard) => embed([...common('two_shards', 1), '--shard', shard])));
  const bothMs = performance.now() - start;
  log(`- 2 processes at once (--shard 1/2, 2/2), 1 thread each: ${(bothMs / 1000).toFixed(1)} s wall (${shards.map((s) => `${(s.ms / 1000).toFixed(1)} s: ${summary(s)}`).join('; ')})`);
  const again = await embed([...common('two_shards', 1), '--shard', '1/2']);
  log(`- shard 1/2 again: ${(again.ms / 1000).toFixed(1)} s (${summary(again)})`);
  const [same] = (await server.query<{ n: string }>('SELECT count(*) AS n FROM one_process.candidates a JOIN two_shards.candidates b USING (id) WHERE a.embedding = b.embedding AND a.text_hash = b.text_hash')) as [{ n: string }];
  log(`- rows identical between the one-process and the sharded store: ${same.n} of 962`);
}
