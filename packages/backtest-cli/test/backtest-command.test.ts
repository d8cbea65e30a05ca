import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktestCommand } from '../src/backtest-command.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line) }, out, err };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'tradeforge-backtest-'));

describe('npm run backtest', () => {
  it.each(['sma-crossover', 'mean-reversion', 'breakout'])(
    'backtests %s on synthetic data with a summary and a self-contained HTML report',
    (strategy) => {
      const dir = tempDir();
      const { io, out, err } = capture();
      const outcome = runBacktestCommand(
        ['--strategy', strategy, '--synthetic', '--bars', '3000', '--seed', '5', '--out', dir],
        io,
      );
      expect(outcome.exitCode).toBe(0);
      expect(err).toEqual([]);
      const summary = out.join('\n');
      for (const label of [
        'trades (round trips)',
        'net PnL',
        'return',
        'max drawdown',
        'Sharpe (annualized)',
        'win rate',
        'exposure',
      ])
        expect(summary).toContain(label);
      const html = readFileSync(outcome.reportPath!, 'utf8');
      expect(html).toContain('<h2>Equity curve</h2>');
      expect(html.match(/<svg /g)).toHaveLength(2);
      expect(html).toContain('<polyline points="');
      // Self-contained: nothing fetched from anywhere (the SVG namespace is an identifier, not a fetch).
      expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\/|<script|<link/);
      expect(outcome.result!.events).toBe(3000);
    },
  );

  it('replays a CSV file, inferring the tick size from its prices', () => {
    const dir = tempDir();
    const rows = ['timestamp,open,high,low,close,volume'];
    let price = 100;
    for (let i = 0; i < 300; i++) {
      const next = Math.round((price + Math.sin(i / 7) * 1.3) * 1000) / 1000;
      rows.push(
        `${Date.UTC(2024, 0, 1) / 1000 + i * 3600},${price},${Math.max(price, next) + 0.5},${Math.min(price, next) - 0.5},${next},${5000 + i}`,
      );
      price = next;
    }
    const file = join(dir, 'eth-usd.csv');
    writeFileSync(file, rows.join('\n'));
    const { io, out } = capture();
    const outcome = runBacktestCommand(['--strategy', 'sma-crossover', '--data', file, '--out', dir], io);
    expect(outcome.exitCode).toBe(0);
    expect(out[0]).toContain('ETHUSD.SIM');
    expect(outcome.reportPath).toBe(join(dir, 'sma-crossover-ethusd.html'));
    expect(outcome.result!.events).toBe(300);
    expect(outcome.result!.fills.length).toBeGreaterThan(0);
  });

  it('exits 2 with one line naming the allowed values for an unknown strategy or parameter', () => {
    const unknown = capture();
    expect(runBacktestCommand(['--strategy', 'moon'], unknown.io).exitCode).toBe(2);
    expect(unknown.err).toEqual([
      'backtest: unknown strategy "moon"; allowed values: breakout, mean-reversion, sma-crossover',
    ]);
    const badParam = capture();
    expect(runBacktestCommand(['--strategy', 'sma-crossover', '--param', 'speed=3'], badParam.io).exitCode).toBe(2);
    expect(badParam.err).toEqual([
      'backtest: strategy sma-crossover has no parameter "speed"; allowed values: fast, slow, allocation, allowShort',
    ]);
    const badValue = capture();
    expect(runBacktestCommand(['--strategy', 'sma-crossover', '--param', 'fast=40'], badValue.io).exitCode).toBe(2);
    expect(badValue.err[0]).toMatch(/fast \(40\) must be shorter than slow \(30\)/);
  });

  it('exits 1 naming the line when the CSV is broken', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'time,open,high,low,close\n2024-01-01,1,2,0.5,1\n2024-01-02,1,2,0.5,oops\n');
    const { io, err } = capture();
    expect(runBacktestCommand(['--strategy', 'breakout', '--data', file], io).exitCode).toBe(1);
    expect(err).toEqual(['backtest: cannot load market data: CSV line 3: close "oops" is not a number']);
  });
});
