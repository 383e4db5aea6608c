/** One figure a benchmark reports; the runner prints them all. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}
