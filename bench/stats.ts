/** Order statistics for benchmark samples (pure). */

/** The q-quantile (0..1) of `samples` by linear interpolation between order statistics. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error("quantile: no samples");
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: q must be in [0, 1], got ${q}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading), as a float. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Wall time of `runs` calls of `run` (ms each), after `warmup` untimed calls. */
export function timeRuns(run: () => void, runs: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(msSince(start));
  }
  return samples;
}

/** `x / y` rounded to 3 decimals. */
export function ratio(x: number, y: number): number {
  if (y === 0) throw new Error("ratio: zero denominator");
  return Math.round((x / y) * 1000) / 1000;
}
