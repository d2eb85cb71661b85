/** Figures of one workload, as the bench prints and stores them. */
export interface WorkloadResult {
  name: string;
  /** What one unit is: orchestrations, signals, requests... */
  unit: string;
  count: number;
  seconds: number;
  throughputPerSecond: number;
  p50Ms?: number;
  p99Ms?: number;
  peakRssMb: number;
  target?: { description: string; met: boolean };
  notes?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Samples this process's resident memory while `work` runs; returns the peak in MiB. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRssMb: Math.round((peak / 1024 / 1024) * 10) / 10 };
  } finally {
    clearInterval(timer);
  }
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
