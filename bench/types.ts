/** One measured line of a benchmark's table. */
export interface BenchRow {
  what: string;
  /** Cells after `what`, already formatted. */
  cells: string[];
}

/** A benchmark's outcome: its table, the ratio against the baseline measured in the same run, the target. */
export interface BenchResult {
  title: string;
  /** The issue that asked for it. */
  issue: number;
  method: string;
  columns: string[];
  rows: BenchRow[];
  ratio: number;
  ratioLabel: string;
  target: string;
  met: boolean;
}

export interface Bench {
  id: string;
  run(): Promise<BenchResult>;
}
