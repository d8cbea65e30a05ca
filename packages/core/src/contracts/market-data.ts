import { z } from 'zod';
import type { Bar, Tick } from '../model/market-data.js';
import { header, id, price, timestamp } from './primitives.js';

export const marketBarSchema = z
  .object({
    ...header('market.bar'),
    instrumentId: id,
    ts: timestamp,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: z.number().nonnegative(),
  })
  .refine((bar) => bar.low <= Math.min(bar.open, bar.close) && bar.high >= Math.max(bar.open, bar.close), {
    message: 'bar must satisfy low <= open, close <= high',
  });
export type MarketBarMessage = z.infer<typeof marketBarSchema>;

export const marketTickSchema = z.object({
  ...header('market.tick'),
  instrumentId: id,
  ts: timestamp,
  price,
  size: z.number().nonnegative(),
});
export type MarketTickMessage = z.infer<typeof marketTickSchema>;

export function toBarMessage(bar: Bar): MarketBarMessage {
  return { type: 'market.bar', version: 1, ...bar };
}

export function toTickMessage(tick: Tick): MarketTickMessage {
  return { type: 'market.tick', version: 1, ...tick };
}

/** Strips the envelope back to the domain object. */
export function barFromMessage({ type: _type, version: _version, ...bar }: MarketBarMessage): Bar {
  return bar;
}
