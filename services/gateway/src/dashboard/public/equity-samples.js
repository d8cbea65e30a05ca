/**
 * Equity over time: the samples GET /api/equity returns, then one per account snapshot from the
 * stream. Kept in time order, at most `limit`, so the chart shows the most recent stretch.
 * @param {number} limit
 */
export function createEquitySamples(limit) {
  /** @type {{ ts: number, equity: number }[]} */
  let samples = [];
  return {
    list: () => samples,
    merge(/** @type {{ ts: number, equity: number }[]} */ list) {
      const merged = new Map([...list, ...samples].map((sample) => [sample.ts, sample]));
      samples = [...merged.values()].sort((a, b) => a.ts - b.ts).slice(-limit);
    },
    add(/** @type {number} */ ts, /** @type {number} */ equity) {
      const last = samples.at(-1);
      if (last && ts <= last.ts) return;
      samples = [...samples, { ts, equity }].slice(-limit);
    },
  };
}
