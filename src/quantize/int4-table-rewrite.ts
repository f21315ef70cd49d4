/**
 * int4 embedding tables: a Gather of rows (axis 0) of a float32 table [rows, width] becomes one
 * com.microsoft GatherBlockQuantized over 4-bit codes in blocks of 32 along each row, the same
 * blocks, scales and zero points MatMulNBits uses (int4-blocks.ts). A tied LM head is a MatMul
 * weight equal to the table transposed; then the table is not stored twice: the gather reads
 * the head's packed codes (through a Reshape to [rows, width / 2]), its scales and zero points.
 */
import type { INodeProto, ITensorProto } from '../onnx/proto.js';
import { INT4_BLOCK_SIZE, int4RowBytes, quantizeInt4Blocks } from './int4-blocks.js';
import type { MatMulNBitsRewriter, PackedWeight } from './matmul-nbits-rewrite.js';
import { MICROSOFT_DOMAIN } from './matmul-rewrite.js';
import { float32Tensor, int64Tensor, readFloat32, tensorDims, toNumber, uint8Tensor } from './onnx-tensors.js';
import { intAttribute, stdNode, type RewriteState, type Use } from './rewrite-state.js';
import { MIN_TABLE_ROWS } from './table-rewrite.js';

interface GatherInputs {
  data: string;
  scales: string;
  zeroPoints: string;
}

const isRowGather = (u: Use): boolean => {
  if (u.index !== 0 || u.node.opType !== 'Gather' || (u.node.domain ?? '') !== '') return false;
  const axis = (u.node.attribute ?? []).find((a) => a.name === 'axis');
  return axis === undefined || toNumber(axis.i as number) === 0;
};

const isMatMulB = (u: Use): boolean => u.node.opType === 'MatMul' && (u.node.domain ?? '') === '' && u.index === 1;

/** Rewrites row gathers of large float32 tables; each table is quantized (or tied) once. */
export class Int4TableRewriter {
  private readonly tables = new Map<string, GatherInputs>();
  /** Tables stored once for a tied head. */
  shared = 0;
  /** Nodes the rewrite adds in front of the graph (the Reshapes of shared tables). */
  readonly prologue: INodeProto[] = [];

  constructor(
    private readonly state: RewriteState,
    private readonly matmuls: MatMulNBitsRewriter,
  ) {}

  /** The GatherBlockQuantized node for a Gather over a quantizable table, else undefined. */
  rewrite(node: INodeProto): INodeProto[] | undefined {
    const [table, indices] = node.input ?? [];
    const [y] = node.output ?? [];
    if (table === undefined || indices === undefined || y === undefined || !isRowGather({ node, index: 0 })) return undefined;
    const tensor = this.state.floatMatrix(table, isRowGather);
    if (tensor === undefined || (tensorDims(tensor)[0] as number) < MIN_TABLE_ROWS) return undefined;
    const q = this.quantized(tensor);
    const attribute = [intAttribute('gather_axis', 0), intAttribute('quantize_axis', 1), intAttribute('block_size', INT4_BLOCK_SIZE), intAttribute('bits', 4)];
    return [{ opType: 'GatherBlockQuantized', name: `${node.name || y}_int4`, domain: MICROSOFT_DOMAIN, input: [q.data, indices, q.scales, q.zeroPoints], output: [y], attribute }];
  }

  private quantized(tensor: ITensorProto): GatherInputs {
    const name = tensor.name ?? '';
    const cached = this.tables.get(name);
    if (cached !== undefined) return cached;
    const [rows, width] = tensorDims(tensor) as [number, number];
    const head = width % INT4_BLOCK_SIZE === 0 ? this.tiedHead(tensor, rows, width) : undefined;
    const entry = head === undefined ? this.ownTable(tensor, rows, width) : this.sharedTable(this.matmuls.packedWeight(head), rows, width);
    this.state.replaced.add(name);
    this.state.tables += 1;
    this.tables.set(name, entry);
    return entry;
  }

  /** Codes, scales and zero points of its own: [rows, ceil(width / 2)], [rows, blocks], [rows, ceil(blocks / 2)]. */
  private ownTable(tensor: ITensorProto, rows: number, width: number): GatherInputs {
    const name = tensor.name ?? '';
    const q = quantizeInt4Blocks(readFloat32(tensor, this.state.file), width, rows, { layout: 'rows' });
    const { state } = this;
    const entry = { data: state.fresh(`${name}_int4`), scales: state.fresh(`${name}_scale`), zeroPoints: state.fresh(`${name}_zero_point`) };
    state.added.push(
      uint8Tensor(entry.data, int4RowBytes(q), [rows, Math.ceil(width / 2)]),
      float32Tensor(entry.scales, q.scales, [rows, q.blocks]),
      uint8Tensor(entry.zeroPoints, q.zeroPoints as Uint8Array, [rows, Math.ceil(q.blocks / 2)]),
    );
    for (const param of [entry.scales, entry.zeroPoints]) state.quantParams.add(param);
    state.int4Parameters += rows * width;
    return entry;
  }

  /**
   * The head's initializers seen as a table: with whole blocks, [N, blocks, 16] is [rows, width / 2]
   * byte for byte and the zero points already have the gather's shape; scales get their 2-D shape.
   */
  private sharedTable(head: PackedWeight, rows: number, width: number): GatherInputs {
    const { state } = this;
    const [dataShape, scaleShape] = [state.fresh(`${head.packed}_table_shape`), state.fresh(`${head.scales}_table_shape`)];
    const entry = { data: state.fresh(`${head.packed}_table`), scales: state.fresh(`${head.scales}_table`), zeroPoints: head.zeroPoints };
    state.added.push(int64Tensor(dataShape, [rows, width / 2]), int64Tensor(scaleShape, [rows, head.blocks]));
    // Reshapes of constants: onnxruntime folds them when the session loads; the file holds one copy.
    this.prologue.push(stdNode('Reshape', `${entry.data}_reshape`, [head.packed, dataShape], [entry.data]), stdNode('Reshape', `${entry.scales}_reshape`, [head.scales, scaleShape], [entry.scales]));
    this.shared += 1;
    return entry;
  }

  /**
   * A MatMul weight [width, rows] read only as MatMul B whose values are exactly the table's
   * transposed (a tied LM head's own copy), compared bit for bit without copying either.
   */
  private tiedHead(tensor: ITensorProto, rows: number, width: number): ITensorProto | undefined {
    for (const other of this.state.initializers()) {
      const dims = tensorDims(other);
      if (dims[0] !== width || dims[1] !== rows || other === tensor || this.state.floatMatrix(other.name ?? '', isMatMulB) === undefined) continue;
      if (transposedEqual(tensor, other, rows, width)) return other;
    }
    return undefined;
  }
}

/** Whether b [width, rows] is a [rows, width] transposed, bit for bit (raw_data only). */
function transposedEqual(a: ITensorProto, b: ITensorProto, rows: number, width: number): boolean {
  const [ra, rb] = [a.rawData, b.rawData];
  if (ra === null || ra === undefined || rb === null || rb === undefined || ra.length !== rows * width * 4 || rb.length !== ra.length) return false;
  const da = new DataView(ra.buffer, ra.byteOffset, ra.byteLength);
  const db = new DataView(rb.buffer, rb.byteOffset, rb.byteLength);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) if (da.getUint32((r * width + c) * 4) !== db.getUint32((c * rows + r) * 4)) return false;
  }
  return true;
}
