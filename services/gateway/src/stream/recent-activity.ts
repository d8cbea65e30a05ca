import type { StreamUpdate } from './stream-update.js';

export interface EquitySample {
  readonly ts: number;
  readonly equity: number;
}

type Fill = Extract<StreamUpdate, { type: 'fill' }>['data'];

/**
 * The recent equity curve and fills, kept from the stream in memory and bounded (oldest
 * dropped): what the dashboard draws when it opens. Every replica sees every update (fan-out),
 * so every replica answers alike; a restarted one starts empty and fills up as trading goes on.
 */
export class RecentActivity {
  private readonly equity: EquitySample[] = [];
  private readonly fills: Fill[] = [];
  private readonly fillKeys = new Set<string>();

  constructor(
    private readonly maxEquitySamples = 2_000,
    private readonly maxFills = 500,
  ) {}

  record(update: StreamUpdate): void {
    if (update.type === 'account') {
      push(this.equity, { ts: update.data.ts, equity: update.data.equity }, this.maxEquitySamples);
    } else if (update.type === 'fill') {
      // One fill per (venue, trade id), as the portfolio counts them.
      const key = `${update.data.venue}/${update.data.tradeId}`;
      if (this.fillKeys.has(key)) return;
      this.fillKeys.add(key);
      const dropped = push(this.fills, update.data, this.maxFills);
      if (dropped) this.fillKeys.delete(`${dropped.venue}/${dropped.tradeId}`);
    }
  }

  /** Oldest first, as a chart draws them. */
  equitySamples(): EquitySample[] {
    return [...this.equity];
  }

  /** Newest first. */
  recentFills(limit: number): Fill[] {
    return this.fills.slice(-limit).reverse();
  }
}

function push<T>(list: T[], item: T, max: number): T | undefined {
  list.push(item);
  return list.length > max ? list.shift() : undefined;
}
