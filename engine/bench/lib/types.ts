/** Shared types of the benchmark harness. */

export interface BenchContext {
  quick: boolean;
  /** Where engine and helper logs go (bench-results/logs/<run>/). */
  logDir: string;
  /** A scratch directory removed at the end. */
  tmpDir: string;
  log(msg: string): void;
}

/** One line of the results table. */
export interface Row {
  benchmark: string;
  measured: string;
  budget: string;
  /** null: informational (no budget), or not comparable. */
  pass: boolean | null;
  value?: number | null;
  unit?: string;
  note?: string;
}

export interface BenchOutput {
  rows: Row[];
  details: unknown;
}

export interface Benchmark {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchOutput>;
}
