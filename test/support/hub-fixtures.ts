/** Tiny Hub repos written by the tests, and a converter stand-in that records its calls. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TINY_MODEL } from './cli.js';
import { fakeSha, type FakeRepo } from './hub-server.js';

const METADATA = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'modules.json', 'sentence_bert_config.json', '1_Pooling'];

export function tempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `resumator-${label}-`));
}

/** Deterministic bytes that look like a safetensors file (8-byte header length, JSON header, data). */
export function fakeSafetensors(dataBytes: number, seed = 1): Buffer {
  const header = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [dataBytes / 4], data_offsets: [0, dataBytes] } }));
  const data = Buffer.alloc(dataBytes);
  for (let i = 0; i < dataBytes; i += 1) data[i] = (i * 31 + seed * 7) & 0xff;
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, data]);
}

/**
 * A sentence-transformers checkpoint without ONNX: safetensors weights plus files a pull must
 * skip (other frameworks, an unwanted ONNX variant).
 */
export function writeSafetensorsCheckpoint(dir: string, seed = 1): string {
  copyMetadata(dir);
  writeFileSync(path.join(dir, 'model.safetensors'), fakeSafetensors(200_000, seed));
  writeFileSync(path.join(dir, 'README.md'), `# tiny checkpoint ${seed}\n`);
  writeSkippedFiles(dir);
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  writeFileSync(path.join(dir, 'onnx', 'model_quantized.onnx'), 'not wanted');
  return dir;
}

/** A repo that publishes onnx/model.onnx (the tiny-bert fixture's graph) beside safetensors. */
export function writeOnnxCheckpoint(dir: string): string {
  copyMetadata(dir);
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  cpSync(path.join(TINY_MODEL, 'model.onnx'), path.join(dir, 'onnx', 'model.onnx'));
  writeFileSync(path.join(dir, 'onnx', 'model_O4.onnx'), 'not wanted');
  writeFileSync(path.join(dir, 'model.safetensors'), fakeSafetensors(1000));
  writeSkippedFiles(dir);
  return dir;
}

/** One repo with a single commit on `main` (and any extra refs). */
export function singleCommitRepo(id: string, dir: string, extraRefs: string[] = []): FakeRepo {
  const sha = fakeSha(`${id}:${dir}`);
  return { id, commits: [{ sha, dir }], refs: Object.fromEntries(['main', ...extraRefs].map((r) => [r, sha])) };
}

export interface RecordingConverter {
  calls: Array<{ srcDir: string; outDir: string }>;
  convert: (srcDir: string, outDir: string) => Promise<void>;
}

/** Writes the tiny-bert model directory as the "converted" output and records each call. */
export function recordingConverter(): RecordingConverter {
  const calls: Array<{ srcDir: string; outDir: string }> = [];
  return {
    calls,
    convert: async (srcDir, outDir) => {
      calls.push({ srcDir, outDir });
      cpSync(TINY_MODEL, outDir, { recursive: true });
    },
  };
}

function copyMetadata(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of METADATA) cpSync(path.join(TINY_MODEL, name), path.join(dir, name), { recursive: true });
}

function writeSkippedFiles(dir: string): void {
  writeFileSync(path.join(dir, 'pytorch_model.bin'), 'torch weights');
  writeFileSync(path.join(dir, 'tf_model.h5'), 'tf weights');
  writeFileSync(path.join(dir, 'flax_model.msgpack'), 'flax weights');
}
