/**
 * The KRX price tick for a stock at `price` won (the table unified for KOSPI and KOSDAQ on
 * 2023-01-25): 1 won under 2,000, then 5, 10, 50, 100 and 500 won, and 1,000 won from 500,000.
 * Creon refuses a limit price off this grid; the instrument's `tickSize` is the finest (1).
 */
export function krxTickSize(price: number): number {
  if (price < 2_000) return 1;
  if (price < 5_000) return 5;
  if (price < 20_000) return 10;
  if (price < 50_000) return 50;
  if (price < 200_000) return 100;
  if (price < 500_000) return 500;
  return 1_000;
}
