/**
 * The one module that imports onnxruntime-node. Everything else talks to models through
 * `ModelSession`, so the runtime can be swapped or instrumented in one place.
 */
import * as ort from 'onnxruntime-node';
import { ModelError } from '../errors.js';

/**
 * A tensor handed to or returned by a session, without any onnxruntime types leaking out.
 * float16 holds the raw half-precision bits (KV caches of fp16 exports); bool holds 0/1 bytes
 * (the `use_cache_branch` input of merged decoder exports).
 */
export type FeedTensor =
  | { type: 'int64'; data: BigInt64Array; dims: readonly number[] }
  | { type: 'float32'; data: Float32Array; dims: readonly number[] }
  | { type: 'float16'; data: Uint16Array; dims: readonly number[] }
  | { type: 'bool'; data: Uint8Array; dims: readonly number[] };

export interface OutputTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** Name, element type and shape (numbers, symbolic names or undefined) of a model input/output. */
export interface ValueInfo {
  name: string;
  type: string;
  shape: ReadonlyArray<number | string | undefined>;
}

export interface SessionOptions {
  /** Intra-op threads; default: all cores (onnxruntime's own default). */
  threads?: number;
  /** Shown in error messages; defaults to the model path. */
  label?: string;
  /**
   * false for helper graphs (e.g. the similarity MatMul) whose runs are not model inference,
   * so that {@link inferenceCallCount} keeps counting only what a cache can save.
   */
  countsAsInference?: boolean;
  /**
   * Where onnxruntime writes the graph as it runs it, after its fusions (a diagnostic: the
   * decoder benchmark reads which fused kernels the standard-op graph got).
   */
  optimizedModelFile?: string;
}

/** How much of onnxruntime's own logging reaches stderr. */
export type RuntimeLogLevel = 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
const SEVERITY: Readonly<Record<RuntimeLogLevel, 0 | 1 | 2 | 3 | 4>> = { verbose: 0, info: 1, warning: 2, error: 3, fatal: 4 };

// onnxruntime's warnings (graph optimiser notes, telemetry set-up) speak to its own developers,
// so users see only its errors, and nothing under -q.
let logLevel: RuntimeLogLevel = 'error';
let runtimePrepared = false;

/**
 * Sets onnxruntime's log level; call before the first session (the CLI does, from -q).
 *
 * @example
 * setRuntimeLogLevel(flags.quiet ? 'fatal' : 'error');
 */
export function setRuntimeLogLevel(level: RuntimeLogLevel): void {
  logLevel = level;
  if (runtimePrepared) ort.env.logLevel = level;
}

/**
 * Once per process, before onnxruntime creates its environment: its Linux builds start
 * Microsoft's telemetry (a device-id file under $XDG_CACHE_HOME/Microsoft and, without a CA
 * bundle, a coloured warning on stderr). An offline CLI has nothing to report; a user can still
 * opt in with ORT_DISABLE_TELEMETRY=0.
 */
function prepareRuntime(): void {
  if (runtimePrepared) return;
  runtimePrepared = true;
  process.env['ORT_DISABLE_TELEMETRY'] ??= '1';
  ort.env.logLevel = logLevel;
}

/** Counts model inferences process-wide; tests and the cache read it to prove work was skipped. */
let inferenceCalls = 0;
export function inferenceCallCount(): number {
  return inferenceCalls;
}

export class ModelSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly label: string,
    readonly inputs: readonly ValueInfo[],
    readonly outputs: readonly ValueInfo[],
    private readonly countsAsInference: boolean,
  ) {}

  /**
   * Opens an ONNX model from a file path or its bytes.
   *
   * @example
   * const session = await ModelSession.create('fixtures/models/tiny-bert/model.onnx');
   * const out = await session.run({ input_ids, attention_mask, token_type_ids });
   */
  static async create(model: string | Uint8Array, options: SessionOptions = {}): Promise<ModelSession> {
    const label = options.label ?? (typeof model === 'string' ? model : '<in-memory model>');
    prepareRuntime();
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      logSeverityLevel: SEVERITY[logLevel],
    };
    if (options.threads !== undefined) sessionOptions.intraOpNumThreads = options.threads;
    if (options.optimizedModelFile !== undefined) sessionOptions.optimizedModelFilePath = options.optimizedModelFile;
    let session: ort.InferenceSession;
    try {
      session =
        typeof model === 'string'
          ? await ort.InferenceSession.create(model, sessionOptions)
          : await ort.InferenceSession.create(model, sessionOptions);
    } catch (err) {
      throw new ModelError(`onnxruntime cannot load the model: ${firstLine(err)}`, label);
    }
    return new ModelSession(session, label, describe(session.inputMetadata), describe(session.outputMetadata), options.countsAsInference !== false);
  }

  get inputNames(): string[] {
    return this.inputs.map((i) => i.name);
  }

  get outputNames(): string[] {
    return this.outputs.map((o) => o.name);
  }

  /**
   * Runs the model. The feeds must name exactly the model's inputs: a missing or unexpected
   * input is a ModelError naming the expected ones, not an onnxruntime stack trace.
   */
  async run(feeds: Readonly<Record<string, FeedTensor>>, outputNames?: readonly string[]): Promise<Record<string, OutputTensor>> {
    const results = await this.execute(feeds, outputNames);
    const out: Record<string, OutputTensor> = {};
    for (const [name, tensor] of Object.entries(results)) {
      if (tensor.type !== 'float32') throw new ModelError(`output '${name}' is not a float32 tensor`, this.label);
      out[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
    }
    return out;
  }

  /**
   * Runs the model like {@link run}, returning outputs of any element type {@link FeedTensor}
   * covers (float32, float16 bits, int64, bool), e.g. a decoder's KV cache, which is fed back
   * as is on the next step.
   */
  async runTensors(feeds: Readonly<Record<string, FeedTensor>>, outputNames?: readonly string[]): Promise<Record<string, FeedTensor>> {
    const results = await this.execute(feeds, outputNames);
    const out: Record<string, FeedTensor> = {};
    for (const [name, tensor] of Object.entries(results)) {
      const { type, data, dims } = tensor;
      if (type === 'float32') out[name] = { type, data: data as Float32Array, dims };
      else if (type === 'float16') out[name] = { type, data: toUint16(data), dims };
      else if (type === 'int64') out[name] = { type, data: data as BigInt64Array, dims };
      else if (type === 'bool') out[name] = { type, data: data as Uint8Array, dims };
      else throw new ModelError(`output '${name}' has element type ${type}, which resumator does not read`, this.label);
    }
    return out;
  }

  private async execute(feeds: Readonly<Record<string, FeedTensor>>, outputNames: readonly string[] | undefined): Promise<Record<string, ort.Tensor>> {
    const expected = this.inputNames;
    const given = Object.keys(feeds);
    const missing = expected.filter((n) => !given.includes(n));
    const unexpected = given.filter((n) => !expected.includes(n));
    if (missing.length > 0 || unexpected.length > 0) {
      throw new ModelError(
        `model inputs are [${expected.join(', ')}] but got [${given.join(', ')}]` +
          (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
          (unexpected.length > 0 ? `; unexpected: ${unexpected.join(', ')}` : ''),
        this.label,
      );
    }
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(t.type, t.data, [...t.dims]);
    const wanted = outputNames ?? this.outputNames;
    for (const name of wanted) {
      if (!this.outputNames.includes(name)) {
        throw new ModelError(`model has no output '${name}'; outputs are [${this.outputNames.join(', ')}]`, this.label);
      }
    }
    if (this.countsAsInference) inferenceCalls += 1;
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await this.session.run(ortFeeds, [...wanted]);
    } catch (err) {
      throw new ModelError(`inference failed: ${firstLine(err)}`, this.label);
    }
    const out: Record<string, ort.Tensor> = {};
    for (const name of wanted) {
      const tensor = results[name];
      if (tensor === undefined) throw new ModelError(`output '${name}' was not produced`, this.label);
      out[name] = tensor;
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

function describe(metadata: readonly ort.InferenceSession.ValueMetadata[]): ValueInfo[] {
  return metadata.map((m) =>
    m.isTensor
      ? { name: m.name, type: m.type, shape: m.shape.map((d) => (typeof d === 'number' || typeof d === 'string' ? d : undefined)) }
      : { name: m.name, type: 'non-tensor', shape: [] },
  );
}

/** fp16 tensors come back as Uint16Array (or, where Float16Array exists, as that): the bits either way. */
function toUint16(data: unknown): Uint16Array {
  if (data instanceof Uint16Array) return data;
  const view = data as ArrayBufferView;
  return new Uint16Array(view.buffer, view.byteOffset, view.byteLength / 2);
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
