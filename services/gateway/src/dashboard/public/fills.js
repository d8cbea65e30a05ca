/**
 * The recent fills, newest first, from GET /api/fills and the stream's fill messages. A fill is
 * one (venue, trade id): the same fill from both sources, or delivered twice, shows once.
 */

/** @param {any} fill */
const keyOf = (fill) => `${fill.venue ?? ''}:${fill.tradeId ?? fill.id}`;
/** The fill's time: `ts` on bus messages, `occurredAt` on stored records. @param {any} fill */
export const fillTime = (fill) => fill.ts ?? fill.occurredAt;

/** @param {number} limit how many fills to keep */
export function createFills(limit) {
  /** @type {any[]} */
  let fills = [];
  const keep = () => {
    const seen = new Set();
    fills = fills
      .filter((fill) => !seen.has(keyOf(fill)) && seen.add(keyOf(fill)))
      .sort((a, b) => (fillTime(b) ?? 0) - (fillTime(a) ?? 0))
      .slice(0, limit);
  };
  return {
    list: () => fills,
    merge(/** @type {any[]} */ list) {
      fills = [...fills, ...list];
      keep();
    },
    add(/** @type {any} */ fill) {
      fills = [fill, ...fills];
      keep();
    },
  };
}
