/**
 * The benchmark's yardstick: SMA crossover signals computed the way a hand-written vectorised
 * script would — one pass over a Float64Array of closes, running sums, no objects — with exactly
 * the arithmetic of core's Sma and the sample strategy's cross rule, so both count the same
 * signals on the same data. It also keeps a frictionless long/flat equity so its work cannot be
 * optimised away.
 */
export function bareSmaCrossover(
  close: Float64Array,
  fastPeriod: number,
  slowPeriod: number,
): { signals: number; equity: number } {
  const fastWindow = new Float64Array(fastPeriod);
  const slowWindow = new Float64Array(slowPeriod);
  let fastSum = 0;
  let slowSum = 0;
  let fastIndex = 0;
  let slowIndex = 0;
  let regime = 0;
  let signals = 0;
  let units = 0;
  let cash = 1;
  const n = close.length;
  for (let i = 0; i < n; i++) {
    const x = close[i]!;
    if (i >= fastPeriod) fastSum -= fastWindow[fastIndex]!;
    fastWindow[fastIndex] = x;
    fastSum += x;
    fastIndex = fastIndex + 1 === fastPeriod ? 0 : fastIndex + 1;
    if (i >= slowPeriod) slowSum -= slowWindow[slowIndex]!;
    slowWindow[slowIndex] = x;
    slowSum += x;
    slowIndex = slowIndex + 1 === slowPeriod ? 0 : slowIndex + 1;
    if (i + 1 < slowPeriod) continue;
    const fast = fastSum / fastPeriod;
    const slow = slowSum / slowPeriod;
    if (fast === slow) continue;
    const next = fast > slow ? 1 : -1;
    if (next === regime) continue;
    const isCross = regime !== 0;
    regime = next;
    if (!isCross) continue;
    signals += 1;
    if (next > 0 && units === 0) {
      units = cash / x;
      cash = 0;
    } else if (next < 0 && units > 0) {
      cash = units * x;
      units = 0;
    }
  }
  return { signals, equity: cash + units * (n > 0 ? close[n - 1]! : 0) };
}
