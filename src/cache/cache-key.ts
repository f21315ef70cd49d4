/**
 * Content-addressed cache keys. A vector is reused only when everything that decides it is the
 * same: the model's files (fingerprint), pooling, max_seq_length, resumator's own embedding
 * pipeline version, and the exact text after templating.
 */
import { createHash } from 'node:crypto';
import type { PoolingMode } from '../model/model-dir.js';

/**
 * Bump when resumator changes how it turns a text into a vector (tokenisation, truncation,
 * pooling or normalisation code), so vectors cached by an older release are not reused.
 */
export const EMBEDDING_PIPELINE_VERSION = 1;

export interface ModelKeyParts {
  /** sha256 (hex) over the model's ONNX and tokenizer files, see model-fingerprint.ts. */
  fingerprint: string;
  pooling: PoolingMode;
  maxSeqLength: number;
}

/**
 * The 32-byte key shared by every text embedded with one model configuration.
 *
 * @example
 * modelCacheKey({ fingerprint: 'ab12…', pooling: 'mean', maxSeqLength: 384 }).length; // 32
 */
export function modelCacheKey(parts: ModelKeyParts): Buffer {
  return createHash('sha256')
    .update(`resumator-embedding-v${EMBEDDING_PIPELINE_VERSION}\0${parts.fingerprint}\0${parts.pooling}\0${parts.maxSeqLength}`)
    .digest();
}

/** The 32-byte key of one text under one model key: sha256(modelKey || utf8(text)). */
export function textCacheKey(modelKey: Buffer, text: string): Buffer {
  return createHash('sha256').update(modelKey).update(text, 'utf8').digest();
}

/**
 * An 8-byte check over key and vector bytes, stored beside each vector: SQLite has no page
 * checksums, so a flipped bit in a vector would otherwise come back as a wrong embedding.
 */
export function vectorCheck(key: Uint8Array, vector: Uint8Array): Buffer {
  return createHash('sha256').update(key).update(vector).digest().subarray(0, 8);
}
