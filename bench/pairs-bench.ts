/**
 * The cross-encoder part of `npm run bench`: 200 (job title, ESCO skill) pairs scored by a
 * random-weight 3-label MiniLM-L12-H384 (the SkillScout reranker's shape; config and tokenizer
 * of ../shared/models/ms-marco-MiniLM-L-12-v2 with id2label for 3 classes), resumator's
 * CrossEncoder on the fused graph vs transformers.js on the standard graph of the same weights.
 */
import { spawnSync } from 'node:child_process';
import { access, copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseBertConfig } from '../src/onnx/bert-config.js';
import { buildBertEncoderGraph } from '../src/onnx/bert-graph.js';
import { randomBertClassifierWeights } from '../src/onnx/random-weights.js';
import type { WorkerResult } from './compare-worker.js';

const LABELS = { 0: 'irrelevant', 1: 'contextual', 2: 'core' };
const FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];

async function buildCrossEncoder(source: string, out: string, fused: boolean): Promise<string> {
  const modelFile = path.join(out, fused ? 'model.onnx' : path.join('onnx', 'model.onnx'));
  if (await access(modelFile).then(() => true, () => false)) return out;
  await mkdir(path.dirname(modelFile), { recursive: true });
  for (const file of FILES) await copyFile(path.join(source, file), path.join(out, file));
  const json = JSON.parse(await readFile(path.join(source, 'config.json'), 'utf8')) as Record<string, unknown>;
  const config3 = { ...json, architectures: ['BertForSequenceClassification'], id2label: LABELS, label2id: { irrelevant: 0, contextual: 1, core: 2 } };
  await writeFile(path.join(out, 'config.json'), JSON.stringify(config3, null, 2));
  const config = parseBertConfig(config3, path.join(source, 'config.json'));
  const bytes = buildBertEncoderGraph(config, randomBertClassifierWeights(config, 3, 1234), { prefix: 'bert.', numLabels: 3, fused });
  await writeFile(`${modelFile}.tmp`, bytes);
  await rename(`${modelFile}.tmp`, modelFile);
  return out;
}

/** 20 job titles x 10 skills from the ESCO job-to-skill set. */
async function benchPairs(shared: string): Promise<Array<[string, string]>> {
  const dir = path.join(shared, 'data', 'esco-job2skill');
  const titles = (await readFile(path.join(dir, 'dev300_queries'), 'utf8')).split('\n').slice(1, 21).map((l) => l.split('\t')[1] ?? '');
  const skills = (await readFile(path.join(dir, 'corpus_elements'), 'utf8')).split('\n').slice(1).filter((_, i) => i % 997 === 0).slice(0, 10)
    .map((l) => /\['((?:[^'\\]|\\.)*)'/.exec(l)?.[1] ?? '');
  return titles.flatMap((t) => skills.map((s): [string, string] => [t, s]));
}

export async function pairsBench(root: string, shared: string, threads: number, rounds: number): Promise<void> {
  const work = path.join(os.tmpdir(), 'resumator-bench', 'cross-encoder');
  const source = path.join(shared, 'models', 'ms-marco-MiniLM-L-12-v2');
  const ours = await buildCrossEncoder(source, path.join(work, 'skillscout-shape-fused'), true);
  const theirs = await buildCrossEncoder(source, path.join(work, 'skillscout-shape-standard'), false);
  await rm(path.join(work, 'out'), { recursive: true, force: true });
  await mkdir(path.join(work, 'out'), { recursive: true });
  const pairsFile = path.join(work, 'pairs.json');
  const pairs = await benchPairs(shared);
  await writeFile(pairsFile, JSON.stringify(pairs));
  const best = new Map<string, WorkerResult>();
  for (let r = 0; r < rounds; r++) {
    for (const [side, dir] of [['resumator', ours], ['transformers', theirs]] as const) {
      const child = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', 'pairs-worker.js'), side, dir, pairsFile, path.join(work, 'out', `${side}.f32`), String(threads), '32'], { encoding: 'utf8' });
      const line = child.stdout.split('\n').find((l) => l.startsWith('@@result '));
      if (line === undefined) throw new Error(`${side} pairs worker failed (exit ${child.status}): ${child.stderr}`);
      const result = JSON.parse(line.slice('@@result '.length)) as WorkerResult;
      const prev = best.get(side);
      if (prev === undefined || result.embedMs < prev.embedMs) best.set(side, result);
    }
  }
  const a = new Float32Array((await readFile(path.join(work, 'out', 'resumator.f32'))).buffer.slice(0));
  const b = new Float32Array((await readFile(path.join(work, 'out', 'transformers.f32'))).buffer.slice(0));
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (b[i] as number)));
  const o = best.get('resumator') as WorkerResult;
  const t = best.get('transformers') as WorkerResult;
  console.log(`\ncross-encoder, ${pairs.length} (job title, ESCO skill) pairs, MiniLM-L12-H384 3 labels, batch 32:`);
  console.log('| side | seconds | pairs/s | peak RSS MB | ratio | logits max abs diff |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| resumator | ${(o.embedMs / 1000).toFixed(3)} | ${(pairs.length / (o.embedMs / 1000)).toFixed(0)} | ${o.maxRssMb.toFixed(0)} | ${(t.embedMs / o.embedMs).toFixed(2)}x | ${maxDiff.toExponential(2)} |`);
  console.log(`| transformers.js | ${(t.embedMs / 1000).toFixed(3)} | ${(pairs.length / (t.embedMs / 1000)).toFixed(0)} | ${t.maxRssMb.toFixed(0)} | 1.00x | |`);
}
