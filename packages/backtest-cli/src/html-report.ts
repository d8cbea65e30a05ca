import { drawdownSeries } from '@tradeforge/core';
import type { BacktestResult } from '@tradeforge/core';
import type { RunDescription } from './summary.js';
import { summaryRows } from './summary.js';
import { renderLineChart } from './svg-chart.js';

const escapeHtml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const MAX_TRADE_ROWS = 200;

/** A single self-contained HTML file: summary, equity and drawdown charts, recent round trips. */
export function renderHtmlReport(result: BacktestResult, run: RunDescription, generatedAt: Date): string {
  const equityChart = renderLineChart(result.timestamps, result.equity, {
    title: 'Equity',
    color: '#1f6feb',
    formatValue: (v) => v.toLocaleString('en-US', { maximumFractionDigits: 0 }),
  });
  const drawdownChart = renderLineChart(result.timestamps, drawdownSeries(result.equity), {
    title: 'Drawdown',
    color: '#cf222e',
    fillToZero: true,
    formatValue: (v) => `${(v * 100).toFixed(1)} %`,
  });
  const summary = summaryRows(result)
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  const params = Object.entries(run.params)
    .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(String(value))}</td></tr>`)
    .join('');
  const trips = result.roundTrips.slice(-MAX_TRADE_ROWS).reverse();
  const tripRows = trips
    .map(
      (trip) =>
        `<tr><td>${new Date(trip.entryTs).toISOString().slice(0, 16)}</td><td>${new Date(trip.exitTs).toISOString().slice(0, 16)}</td><td>${trip.direction}</td><td>${trip.maxQuantity}</td><td class="${trip.netPnl >= 0 ? 'win' : 'loss'}">${trip.netPnl.toFixed(2)}</td></tr>`,
    )
    .join('');
  const denials = Object.entries(result.denials)
    .map(([code, count]) => `<li><code>${escapeHtml(code)}</code> × ${count}</li>`)
    .join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Backtest: ${escapeHtml(run.strategy)} on ${escapeHtml(run.instrumentId)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; color: #1f2328; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; } th, td { text-align: left; padding: 0.2rem 1rem 0.2rem 0; font-variant-numeric: tabular-nums; }
th { font-weight: 500; color: #59636e; } .win { color: #1a7f37; } .loss { color: #cf222e; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; } .muted { color: #59636e; font-size: 0.9rem; }
</style>
</head>
<body>
<h1>Backtest: ${escapeHtml(run.strategy)} on ${escapeHtml(run.instrumentId)}</h1>
<p class="muted">${escapeHtml(run.source)} · seed ${run.seed} · ${result.events.toLocaleString('en-US')} bars · generated ${generatedAt.toISOString()}</p>
<div class="grid">
<section><h2>Summary</h2><table>${summary}</table></section>
<section><h2>Parameters</h2><table>${params}</table>${denials !== '' ? `<h2>Risk denials</h2><ul>${denials}</ul>` : ''}</section>
</div>
<h2>Equity curve</h2>
${equityChart}
<h2>Drawdown</h2>
${drawdownChart}
<h2>Round trips${result.roundTrips.length > MAX_TRADE_ROWS ? ` (last ${MAX_TRADE_ROWS} of ${result.roundTrips.length})` : ''}</h2>
${trips.length === 0 ? '<p>No completed round trips.</p>' : `<table><tr><th>entry</th><th>exit</th><th>side</th><th>max qty</th><th>net PnL</th></tr>${tripRows}</table>`}
</body>
</html>
`;
}
