import { describe, expect, it } from 'vitest';
import { parseBacktestArgs } from '../src/cli-args.js';

const strategies = ['sma-crossover', 'mean-reversion', 'breakout'];

describe('parseBacktestArgs', () => {
  it('applies defaults: synthetic data, 20,000 bars, seed 42', () => {
    expect(parseBacktestArgs(['--strategy', 'breakout'], strategies)).toEqual({
      ok: true,
      options: {
        strategy: 'breakout',
        dataFile: undefined,
        bars: 20_000,
        seed: 42,
        outDir: 'backtest-output',
        cash: 100_000,
        symbol: 'SYN',
        params: {},
      },
    });
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const parsed = parseBacktestArgs(
      [
        '--strategy=sma-crossover',
        '--data',
        'data/btc-usd.csv',
        '--seed=7',
        '--out',
        'out',
        '--cash',
        '2500.5',
        '--param',
        'fast=5',
        '--param',
        'allowShort=true',
      ],
      strategies,
    );
    expect(parsed).toMatchObject({
      ok: true,
      options: {
        dataFile: 'data/btc-usd.csv',
        seed: 7,
        outDir: 'out',
        cash: 2500.5,
        symbol: 'BTCUSD',
        params: { fast: 5, allowShort: true },
      },
    });
  });

  it.each([
    [['--strategy', 'yolo'], 'unknown strategy "yolo"; allowed values: breakout, mean-reversion, sma-crossover'],
    [[], '--strategy is required; allowed values: breakout, mean-reversion, sma-crossover'],
    [
      ['--strategy', 'breakout', '--turbo'],
      'unknown argument "--turbo"; allowed flags: --strategy, --data, --synthetic, --bars, --seed, --out, --cash, --symbol, --param, --help',
    ],
    [['--strategy', 'breakout', '--bars', '-5'], '--bars must be a positive integer, got "-5"'],
    [['--strategy', 'breakout', '--bars', '--seed', '3'], '--bars needs a value'],
    [['--strategy', 'breakout', '--bars', '1.5'], '--bars must be a positive integer, got "1.5"'],
    [['--strategy', 'breakout', '--bars', 'many'], '--bars must be a positive integer, got "many"'],
    [
      ['--strategy', 'breakout', '--data', 'x.csv', '--synthetic'],
      'use either --data <file.csv> or --synthetic, not both',
    ],
    [['--strategy', 'breakout', '--param', 'fast'], '--param needs name=value, got "fast"'],
    [['--strategy'], '--strategy needs a value'],
  ])('%j → one clear line', (argv, error) => {
    expect(parseBacktestArgs(argv, strategies)).toEqual({ ok: false, error });
  });

  it('recognises --help', () => {
    expect(parseBacktestArgs(['--strategy', 'x', '--help'], strategies)).toEqual({ ok: 'help' });
  });
});
