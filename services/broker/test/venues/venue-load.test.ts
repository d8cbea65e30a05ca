import { afterAll, describe, expect, it } from 'vitest';
import { runVenueUnderFaults } from '../../src/venues/shared/mock/fault-run.js';
import type { FaultRunVenue } from '../../src/venues/shared/mock/fault-run.js';
import { FAULT_RUN_VENUES } from '../../src/venues/shared/mock/fault-run-venues.js';

const BINANCE_ORDERS = Number(process.env['LOAD_BINANCE'] ?? 2_000);
const UPBIT_ORDERS = Number(process.env['LOAD_UPBIT'] ?? 600);

// The same run as `npm run bench:venues` (shared/mock/fault-run.ts), smaller: both venues at once,
// with 503s, 500s and dropped connections after processing, and stalls on every route.
const venues: FaultRunVenue[] = [];
afterAll(async () => {
  await Promise.all(venues.map((v) => v.close()));
});

describe('mixed-venue load with injected faults', () => {
  it(`${BINANCE_ORDERS} Binance and ${UPBIT_ORDERS} Upbit orders: zero limit violations, zero lost, zero doubled`, async () => {
    const binance = await FAULT_RUN_VENUES['binance']!({ seed: 7 });
    const upbit = await FAULT_RUN_VENUES['upbit']!({ seed: 11 });
    venues.push(binance, upbit);

    const results = await Promise.all([
      runVenueUnderFaults(binance, BINANCE_ORDERS),
      runVenueUnderFaults(upbit, UPBIT_ORDERS),
    ]);
    // The figures, not the (empty on success) lists of what went wrong, which the assertions show.
    console.log(
      JSON.stringify(
        results.map((r) => ({
          ...r,
          lost: r.lost.length,
          doubled: r.doubled.length,
          clientErrors: r.clientErrors.length,
        })),
      ),
    );

    const [binanceResult] = results;
    expect(
      binanceResult.faultsInjected['drop-after-process']! + binanceResult.faultsInjected['error-after-process']!,
    ).toBeGreaterThan(20);
    for (const result of results) {
      expect({ venue: result.venue, limitViolations: result.limitViolations }).toEqual({
        venue: result.venue,
        limitViolations: 0,
      });
      expect(result.lost).toEqual([]);
      expect(result.doubled).toEqual([]);
      expect(result.clientErrors).toEqual([]);
      expect(result.positions).toBe('reconciled');
      expect(result.unknown.resolved).toBe(result.unknown.total);
    }
  }, 300_000);
});
