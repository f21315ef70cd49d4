/**
 * A·Bᵀ blocks on onnxruntime: B is transposed once and baked into a one-node MatMul graph as a
 * constant, so onnxruntime pre-packs it for its GEMM kernel and every block of A rows is one
 * session run. Measured against the JavaScript kernel (3 GFLOP/s), this runs near the machine's
 * MatMul peak; see docs/benchmarks.md.
 */
import { GraphBuilder } from '../onnx/graph-builder.js';
import { ModelSession } from '../runtime/session.js';

export class OrtBlockProduct {
  private constructor(
    private readonly session: ModelSession,
    private readonly dim: number,
    readonly nB: number,
  ) {}

  /**
   * @example
   * const product = await OrtBlockProduct.create(jobs, nJobs, 384, { threads: 2 });
   * const scores = await product.multiply(cands.subarray(0, 256 * 384), 256); // 256 x nJobs
   */
  static async create(b: Float32Array, nB: number, dim: number, options: { threads?: number } = {}): Promise<OrtBlockProduct> {
    const bT = new Float32Array(dim * nB);
    for (let j = 0; j < nB; j++) {
      const row = j * dim;
      for (let d = 0; d < dim; d++) bT[d * nB + j] = b[row + d] as number;
    }
    const g = new GraphBuilder();
    g.addInput('a', 'float32', ['rows', dim]);
    g.op('MatMul', ['a', g.addFloat32('b_t', bT, [dim, nB])], {}, { outputs: ['scores'] });
    g.addOutput('scores', 'float32', ['rows', nB]);
    const sessionOptions = { label: 'similarity graph', countsAsInference: false, ...(options.threads === undefined ? {} : { threads: options.threads }) };
    return new OrtBlockProduct(await ModelSession.create(g.toBytes(), sessionOptions), dim, nB);
  }

  /** Scores of `rows` rows of A (row-major `aRows`) against every row of B: rows x nB. */
  async multiply(aRows: Float32Array, rows: number): Promise<Float32Array> {
    const out = await this.session.run({ a: { type: 'float32', data: aRows, dims: [rows, this.dim] } }, ['scores']);
    const scores = out['scores'];
    if (scores === undefined) throw new Error('similarity graph returned no scores');
    return scores.data;
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}
