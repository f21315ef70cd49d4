/**
 * The candidates x jobs heatmap of the HTML score report, collected while the score blocks
 * stream past (the full matrix is never kept). Readable size: at most 200 candidates x 50 jobs.
 * Larger runs are sampled and the report says so: the candidates with the highest best score
 * (ties: input order), and evenly spaced jobs. Rows are then clustered by their best job
 * (columns in input order), and by best score within a job, so the shortlist of each job
 * forms a block.
 */

export const HEATMAP_MAX_ROWS = 200;
export const HEATMAP_MAX_COLS = 50;

interface Row {
  index: number;
  best: number;
  values: Float32Array;
}

export interface HeatmapData {
  /** Candidate indices of the rows, in display order. */
  rows: number[];
  /** Job indices of the columns, in input order. */
  cols: number[];
  /** rows x cols scores, row-major. */
  values: Float32Array;
  totalRows: number;
  totalCols: number;
}

export class HeatmapSample {
  private readonly cols: number[];
  /** Min-heap on (best, then later index is worse): the root is the row to drop first. */
  private readonly heap: Row[] = [];

  constructor(
    private readonly nCandidates: number,
    private readonly nJobs: number,
    private readonly maxRows = HEATMAP_MAX_ROWS,
    maxCols = HEATMAP_MAX_COLS,
  ) {
    const n = Math.min(nJobs, maxCols);
    this.cols = Array.from({ length: n }, (_, i) => Math.floor((i * nJobs) / n));
  }

  /** One similarity block: rows rowStart.. of candidates x all jobs, row-major. */
  addBlock(rowStart: number, rowCount: number, block: Float32Array): void {
    for (let r = 0; r < rowCount; r++) {
      const offset = r * this.nJobs;
      let best = -Infinity;
      for (let j = 0; j < this.nJobs; j++) best = Math.max(best, block[offset + j] as number);
      const row: Row = { index: rowStart + r, best, values: Float32Array.from(this.cols, (j) => block[offset + j] as number) };
      if (this.heap.length < this.maxRows) this.push(row);
      else if (worse(this.heap[0] as Row, row)) this.replaceRoot(row);
    }
  }

  /** The kept rows, clustered by best job, then best score (see the module comment). */
  result(): HeatmapData {
    const bestCol = (row: Row): number => row.values.reduce((arg, v, j, all) => (v > (all[arg] as number) ? j : arg), 0);
    const rows = [...this.heap].sort((a, b) => bestCol(a) - bestCol(b) || b.best - a.best || a.index - b.index);
    const values = new Float32Array(rows.length * this.cols.length);
    rows.forEach((row, i) => values.set(row.values, i * this.cols.length));
    return { rows: rows.map((r) => r.index), cols: [...this.cols], values, totalRows: this.nCandidates, totalCols: this.nJobs };
  }

  private push(row: Row): void {
    const heap = this.heap;
    heap.push(row);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i] as Row, heap[parent] as Row)) break;
      [heap[i], heap[parent]] = [heap[parent] as Row, heap[i] as Row];
      i = parent;
    }
  }

  private replaceRoot(row: Row): void {
    const heap = this.heap;
    heap[0] = row;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l] as Row, heap[m] as Row)) m = l;
      if (r < heap.length && worse(heap[r] as Row, heap[m] as Row)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as Row, heap[i] as Row];
      i = m;
    }
  }
}

/** a ranks below b: lower best score, or equal and later in the input. */
function worse(a: Row, b: Row): boolean {
  return a.best < b.best || (a.best === b.best && a.index > b.index);
}
