// What every benchmark hands back to bench/run.ts: rows for the printed table, details for the JSON.
export interface Figure {
  measure: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. ">= 20000"; absent when the figure is for information. */
  target?: string;
  met?: boolean;
}

export interface BenchOutcome {
  figures: Figure[];
  details: Record<string, unknown>;
}

export interface BenchContext {
  quick: boolean;
  log: (message: string) => void;
}

export interface Benchmark {
  name: string;
  run(context: BenchContext): Promise<BenchOutcome>;
}
