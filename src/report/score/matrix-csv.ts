/**
 * `--matrix FILE.csv`: the full candidates x jobs score matrix, streamed one similarity block
 * at a time through an atomic writer, so even a 100k x 10k matrix never sits in memory.
 */
import { openAtomicWriter, type AtomicWriter } from '../../output/atomic-write.js';
import { escapeCsvCell } from './csv.js';
import { float32Text } from '../round-score.js';

export interface MatrixCsvWriter {
  /** Writes rows `rowStart .. rowStart + rowCount - 1`; blocks must arrive in row order. */
  writeBlock(rowStart: number, rowCount: number, block: Float32Array): Promise<void>;
  /** Checks every candidate row was written, then commits the file. */
  commit(): Promise<void>;
  /** Discards the partial file. */
  abort(): Promise<void>;
}

/**
 * Opens the matrix file and writes its header `candidate,<job ids...>`. Each later row is
 * `<candidate id>,<score>,...` with scores rounded to 6 decimals; ids are CSV-escaped and
 * formula-neutralised like every other CSV cell. Feed it from forEachSimilarityBlock with
 * candidates as A and jobs as B.
 *
 * @example
 * const matrix = await openMatrixCsv('scores.csv', candidateIds, jobIds);
 * try {
 *   await forEachSimilarityBlock(c, nC, j, nJ, dim, (s, n, block) => matrix.writeBlock(s, n, block));
 *   await matrix.commit();
 * } catch (err) { await matrix.abort(); throw err; }
 */
export async function openMatrixCsv(
  path: string,
  candidateIds: readonly string[],
  jobIds: readonly string[],
): Promise<MatrixCsvWriter> {
  const writer = await openAtomicWriter(path);
  try {
    await writer.write(['candidate', ...jobIds].map(escapeCsvCell).join(',') + '\n');
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return new StreamingMatrix(writer, candidateIds, jobIds.length);
}

class StreamingMatrix implements MatrixCsvWriter {
  private nextRow = 0;

  constructor(
    private readonly writer: AtomicWriter,
    private readonly candidateIds: readonly string[],
    private readonly nJobs: number,
  ) {}

  async writeBlock(rowStart: number, rowCount: number, block: Float32Array): Promise<void> {
    const nJobs = this.nJobs;
    if (rowStart !== this.nextRow || rowStart + rowCount > this.candidateIds.length) {
      throw new Error(`matrix block at row ${rowStart} out of order (expected ${this.nextRow})`);
    }
    if (block.length < rowCount * nJobs) {
      throw new Error(`matrix block has ${block.length} values, expected ${rowCount} x ${nJobs}`);
    }
    // One string per block: few large writes instead of one syscall per row.
    const lines: string[] = [];
    for (let i = 0; i < rowCount; i++) {
      let line = escapeCsvCell(this.candidateIds[rowStart + i]!);
      const off = i * nJobs;
      for (let j = 0; j < nJobs; j++) line += ',' + float32Text(block[off + j]!);
      lines.push(line + '\n');
    }
    await this.writer.write(lines.join(''));
    this.nextRow = rowStart + rowCount;
  }

  async commit(): Promise<void> {
    if (this.nextRow !== this.candidateIds.length) {
      await this.writer.abort();
      throw new Error(`matrix has ${this.nextRow} of ${this.candidateIds.length} candidate rows`);
    }
    await this.writer.commit();
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }
}
