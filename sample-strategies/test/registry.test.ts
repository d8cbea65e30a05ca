import { createInstrument, generateSyntheticBars, runBacktest } from '@tradeforge/core';
import { describe, expect, it } from 'vitest';
import { sampleStrategies } from '../src/index.js';

const instrument = createInstrument({ symbol: 'SYN', venue: 'SIM', tickSize: 0.01, lotSize: 0.001 });

describe('sample strategy registry', () => {
  it('lists the three strategies by name', () => {
    expect(Object.keys(sampleStrategies).sort()).toEqual(['breakout', 'mean-reversion', 'sma-crossover']);
  });

  it.each(Object.keys(sampleStrategies))(
    '%s trades synthetic data deterministically through the full kernel',
    (name) => {
      const definition = sampleStrategies[name]!;
      const bars = generateSyntheticBars({ instrumentId: instrument.id, bars: 5_000, seed: 11 });
      const run = () =>
        runBacktest({
          instrument,
          data: { kind: 'bars', bars },
          strategy: definition.create({ ...definition.defaults, instrumentId: instrument.id }),
          seed: 3,
        });
      const first = run();
      expect(first.fills.length).toBeGreaterThan(0);
      expect(first.anomalies).toEqual([]);
      expect(run().metrics).toEqual(first.metrics);
    },
  );
});
