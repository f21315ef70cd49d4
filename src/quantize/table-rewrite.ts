/**
 * Embedding tables read row by row (Gather on axis 0, or a Slice of leading rows as BERT does
 * for position embeddings) are stored as int8 with one scale per row. The same Gather/Slice
 * then picks int8 rows and their scales, and Cast + Mul turns them back into float32: only the
 * rows a batch uses are ever dequantized.
 */
import type { INodeProto, ITensorProto } from '../onnx/proto.js';
import { quantizePerRow } from './int8-weights.js';
import { float32Tensor, int8Tensor, readFloat32, readInt64, tensorDims, toNumber } from './onnx-tensors.js';
import { castToFloat, stdNode, type RewriteState, type Use } from './rewrite-state.js';

/** Tables with fewer rows (token types: 2) stay float32: nothing to gain, a little to lose. */
export const MIN_TABLE_ROWS = 64;

/** Rewrites row-wise reads of large float32 tables; each table is quantized once. */
export class TableRewriter {
  private readonly tables = new Map<string, { values: string; scales: string }>();

  constructor(private readonly state: RewriteState) {}

  /** Replacement nodes for a Gather/Slice over a quantizable table, else undefined. */
  rewrite(node: INodeProto): INodeProto[] | undefined {
    const [table, ...rest] = node.input ?? [];
    const [y] = node.output ?? [];
    if (table === undefined || y === undefined || !this.readsRows({ node, index: 0 })) return undefined;
    const tensor = this.state.floatMatrix(table, (u) => this.readsRows(u));
    if (tensor === undefined) return undefined;
    const [rows, cols] = tensorDims(tensor) as [number, number];
    if (rows < MIN_TABLE_ROWS) return undefined;
    const q = this.quantized(tensor, rows, cols);
    const name = node.name || y;
    const op = node.opType as string;
    const [int8Rows, floatRows, rowScales] = [this.state.fresh(`${y}_int8`), this.state.fresh(`${y}_float`), this.state.fresh(`${y}_scale`)];
    return [
      stdNode(op, `${name}_quant`, [q.values, ...rest], [int8Rows], node.attribute ?? []),
      castToFloat(`${name}_cast`, int8Rows, floatRows),
      stdNode(op, `${name}_row_scale`, [q.scales, ...rest], [rowScales], node.attribute ?? []),
      stdNode('Mul', `${name}_dequant`, [floatRows, rowScales], [y]),
    ];
  }

  private quantized(tensor: ITensorProto, rows: number, cols: number): { values: string; scales: string } {
    const table = tensor.name ?? '';
    const cached = this.tables.get(table);
    if (cached !== undefined) return cached;
    const q = quantizePerRow(readFloat32(tensor, this.state.file), rows, cols);
    const entry = { values: this.state.fresh(`${table}_quantized`), scales: this.state.fresh(`${table}_scale`) };
    // Scales as [rows, 1]: the gathered/sliced scales then broadcast over each row's values.
    this.state.added.push(int8Tensor(entry.values, q.values, [rows, cols]), float32Tensor(entry.scales, q.scales, [rows, 1]));
    this.state.quantParams.add(entry.scales);
    this.state.replaced.add(table);
    this.state.tables += 1;
    this.tables.set(table, entry);
    return entry;
  }

  /**
   * Whether this input slot selects whole rows of a 2-D table: Gather data on axis 0, or Slice
   * data along axis 0 only (axes given as a constant), so the same op applies to the scales.
   */
  private readsRows(use: Use): boolean {
    const { node, index } = use;
    if (index !== 0 || (node.domain ?? '') !== '') return false;
    if (node.opType === 'Gather') {
      const axis = (node.attribute ?? []).find((a) => a.name === 'axis');
      return axis === undefined || toNumber(axis.i as number) === 0;
    }
    if (node.opType !== 'Slice') return false;
    const axesName = node.input?.[3];
    const axes = axesName === undefined || axesName === '' ? undefined : this.state.initializer(axesName);
    const values = axes === undefined ? undefined : readInt64(axes);
    return values !== undefined && values.length > 0 && values.every((a) => a === 0 || a === -2);
  }
}
