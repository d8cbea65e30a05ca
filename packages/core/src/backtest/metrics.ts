export interface PerformanceMetrics {
  readonly initialEquity: number;
  readonly finalEquity: number;
  readonly netPnl: number;
  /** Fraction: 0.05 = +5 %. */
  readonly totalReturn: number;
  /** Largest peak-to-trough fall of equity, as a fraction of the peak. */
  readonly maxDrawdown: number;
  readonly maxDrawdownAmount: number;
  /** Annualized Sharpe ratio of per-bar returns (risk-free rate 0). */
  readonly sharpe: number;
  readonly roundTrips: number;
  /** Share of round trips with positive net PnL; NaN with no trips. */
  readonly winRate: number;
  /** Share of bars with a non-flat position. */
  readonly exposure: number;
  readonly fills: number;
  readonly fees: number;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** Drawdown series (fraction below the running peak, ≤ 0) for charts. */
export function drawdownSeries(equity: Float64Array): Float64Array {
  const drawdown = new Float64Array(equity.length);
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < equity.length; i++) {
    const value = equity[i]!;
    if (value > peak) peak = value;
    drawdown[i] = peak > 0 ? value / peak - 1 : 0;
  }
  return drawdown;
}

/**
 * Summary statistics of a run. Sharpe is annualized from the median spacing of the timestamps,
 * so it is comparable between minute and daily bars.
 */
export function computeMetrics(input: {
  readonly initialEquity: number;
  readonly equity: Float64Array;
  readonly timestamps: Float64Array;
  readonly exposedBars: number;
  /** Closed round trips, and how many of them had a positive net PnL. */
  readonly roundTrips: number;
  readonly winningTrips: number;
  readonly fills: number;
  readonly fees: number;
}): PerformanceMetrics {
  const { equity, timestamps, initialEquity } = input;
  const n = equity.length;
  const finalEquity = n > 0 ? equity[n - 1]! : initialEquity;

  const stats = new EquityStats(initialEquity);
  for (let start = 0; start < n; start += SCAN_CHUNK) stats.scan(equity, start, Math.min(n, start + SCAN_CHUNK));
  const { maxDrawdown, maxDrawdownAmount, sum, sumSquares } = stats;
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0;
  const periodsPerYear = YEAR_MS / medianSpacing(timestamps);
  const sharpe =
    variance > 0 && Number.isFinite(periodsPerYear) ? (mean / Math.sqrt(variance)) * Math.sqrt(periodsPerYear) : 0;
  const { roundTrips, winningTrips } = input;

  return {
    initialEquity,
    finalEquity,
    netPnl: finalEquity - initialEquity,
    totalReturn: initialEquity !== 0 ? finalEquity / initialEquity - 1 : 0,
    maxDrawdown,
    maxDrawdownAmount,
    sharpe,
    roundTrips,
    winRate: roundTrips > 0 ? winningTrips / roundTrips : Number.NaN,
    exposure: n > 0 ? input.exposedBars / n : 0,
    fills: input.fills,
    fees: input.fees,
  };
}

// Values per call of EquityStats.scan: a loop function called many times per run is optimised
// once and keeps its code; one loop over a million values entered once per run would be compiled
// again on every run and start unoptimised, boxing every number.
const SCAN_CHUNK = 4096;

/** Running peak, drawdown and return sums over an equity series, fed in order in chunks. */
class EquityStats {
  // Numbers from the start so V8 keeps them number fields (see ReplayClock.current).
  peak = 0;
  previous = 0;
  maxDrawdown = 0;
  maxDrawdownAmount = 0;
  sum = 0;
  sumSquares = 0;

  constructor(initialEquity: number) {
    this.peak = initialEquity;
    this.previous = initialEquity;
  }

  scan(equity: Float64Array, from: number, to: number): void {
    let { peak, previous, maxDrawdown, maxDrawdownAmount, sum, sumSquares } = this;
    for (let i = from; i < to; i++) {
      const value = equity[i]!;
      // Flat stretches (no position, or an unchanged mark) are most bars of a long run: their
      // return is exactly 0 and they can move neither the peak nor the drawdown, so skipping
      // them gives bit-identical results without two divisions per bar.
      if (value === previous) continue;
      if (value > peak) peak = value;
      const fall = peak - value;
      if (fall > maxDrawdownAmount) maxDrawdownAmount = fall;
      if (peak > 0 && fall / peak > maxDrawdown) maxDrawdown = fall / peak;
      const r = previous !== 0 ? value / previous - 1 : 0;
      sum += r;
      sumSquares += r * r;
      previous = value;
    }
    this.peak = peak;
    this.previous = previous;
    this.maxDrawdown = maxDrawdown;
    this.maxDrawdownAmount = maxDrawdownAmount;
    this.sum = sum;
    this.sumSquares = sumSquares;
  }
}

/** Median gap between consecutive timestamps, from a sample so it stays cheap on long runs. */
function medianSpacing(timestamps: Float64Array): number {
  const n = timestamps.length;
  if (n < 2) return Number.NaN;
  const step = Math.max(1, Math.floor((n - 1) / 1000));
  const gaps: number[] = [];
  for (let i = step; i < n; i += step) gaps.push(timestamps[i]! - timestamps[i - 1]!);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}
