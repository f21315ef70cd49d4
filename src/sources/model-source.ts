/**
 * Where a model comes from: a local directory, a Hugging Face Hub repo, the built-in lite
 * model, and later other stores. Each kind turns the text a user gave (`--model`, `--retriever`,
 * …) into a source that can put the model's files in a local directory; what the directory
 * holds (an encoder, a cross-encoder, a causal LM) is for the caller's loader to read.
 */
import type { Reporter } from '../reporter.js';
import type { ConvertFn } from '../hub/pull-model.js';

/** What every source may need to locate its model. */
export interface SourceContext {
  /** Environment for HF_* and cache variables (default: process.env). */
  env: NodeJS.ProcessEnv;
  /** Cache root, overriding RESUMATOR_CACHE_DIR / XDG_CACHE_HOME (e.g. `--cache-dir`). */
  cacheDir: string | undefined;
  /** Progress bars and one-line notices (pulls, builds) on stderr. */
  reporter: Reporter;
  /** The checkpoint converter a Hub pull uses when a repo publishes no ONNX graph. */
  convert: ConvertFn | undefined;
}

/** One named model of one kind, ready to be located. */
export interface ModelSource {
  /** The kind's name, e.g. 'directory', 'hub', 'lite'. */
  readonly kind: string;
  /** What the user wrote, for messages. */
  readonly spec: string;
  /** The local model directory, pulled or built first when needed. */
  locate(context: SourceContext): Promise<string>;
}

/** A kind of source: recognises the specs it owns. */
export interface SourceKind {
  readonly name: string;
  /** How a spec of this kind is written, for help and error texts. */
  readonly syntax: string;
  /** The source `spec` names, or undefined when the spec is not of this kind. */
  parse(spec: string): Promise<ModelSource | undefined>;
}
