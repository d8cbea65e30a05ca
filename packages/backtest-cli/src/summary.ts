import type { BacktestResult } from '@tradeforge/core';

export interface RunDescription {
  readonly strategy: string;
  readonly instrumentId: string;
  readonly source: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: number;
}

const number = (value: number, digits = 2): string =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
const percent = (fraction: number): string => (Number.isFinite(fraction) ? `${(fraction * 100).toFixed(2)} %` : 'n/a');

/** The figures a reader checks first, as label/value rows (shared by the terminal and the report). */
export function summaryRows(result: BacktestResult): [label: string, value: string][] {
  const m = result.metrics;
  const currency = result.finalAccount.currency;
  return [
    ['trades (round trips)', m.roundTrips.toLocaleString('en-US')],
    [
      'fills / orders',
      `${m.fills.toLocaleString('en-US')} / ${result.orders.submitted.toLocaleString('en-US')} (denied ${result.orders.denied})`,
    ],
    ['net PnL', `${number(m.netPnl)} ${currency}`],
    ['return', percent(m.totalReturn)],
    ['max drawdown', `${percent(m.maxDrawdown)} (${number(m.maxDrawdownAmount)} ${currency})`],
    ['Sharpe (annualized)', number(m.sharpe)],
    ['win rate', percent(m.winRate)],
    ['exposure', percent(m.exposure)],
    ['fees', `${number(m.fees)} ${currency}`],
    ['final equity', `${number(m.finalEquity)} ${currency}`],
  ];
}

export function formatSummary(result: BacktestResult, run: RunDescription, elapsedMs: number): string {
  const first = result.timestamps[0];
  const last = result.timestamps[result.timestamps.length - 1];
  const span =
    first !== undefined && last !== undefined
      ? `${new Date(first).toISOString().slice(0, 16)} → ${new Date(last).toISOString().slice(0, 16)}`
      : 'no data';
  const rows = summaryRows(result);
  const width = Math.max(...rows.map(([label]) => label.length));
  const rate = elapsedMs > 0 ? Math.round(result.events / (elapsedMs / 1000)).toLocaleString('en-US') : 'n/a';
  const denials = Object.entries(result.denials)
    .map(([code, count]) => `${code} ×${count}`)
    .join(', ');
  return [
    `Backtest ${run.strategy} on ${run.instrumentId} (${run.source})`,
    `  ${span}, ${(elapsedMs / 1000).toFixed(2)} s, ${rate} bars/s`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    ...(denials !== '' ? [`  risk denials  ${denials}`] : []),
    ...(result.anomalies.length > 0
      ? [`  anomalies     ${result.anomalies.length} (first: ${result.anomalies[0]!.reason})`]
      : []),
  ].join('\n');
}
