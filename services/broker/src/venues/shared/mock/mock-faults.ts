import { SeededRandom } from '@tradeforge/core';

/**
 * Fault switches of a mock venue, changeable while it runs. Rates are shares of requests (0..1),
 * drawn from a seeded random sequence so a failing run can be replayed.
 */
export interface MockFaults {
  /** Added before every answer. @default 0 */
  latencyMs?: number;
  /** Answered 503 before anything is processed. */
  serverErrorRate?: number;
  /** Orders and cancels processed, then answered 500: the client cannot know what happened. */
  errorAfterProcessRate?: number;
  /** Processed, then the connection is dropped without an answer. */
  dropAfterProcessRate?: number;
  /** Held `stallMs` before being processed (the client usually times out first), then answered. */
  stallRate?: number;
  /** @default 1500 */
  stallMs?: number;
  /** Only requests to these routes (`POST /api/v3/order`) draw faults. @default every route */
  routes?: readonly string[];
  /** Faults to inject before the switches turn themselves off. @default unlimited */
  times?: number;
}

/** What happens to one request. */
export type FaultDecision = 'none' | 'server-error' | 'error-after-process' | 'drop-after-process' | 'stall';

/** Draws each request's fault from the current switches. */
export class FaultInjector {
  faults: MockFaults = {};
  private readonly random: SeededRandom;
  /** How often each fault was injected, for test reports. */
  readonly injected: Record<FaultDecision, number> = {
    none: 0,
    'server-error': 0,
    'error-after-process': 0,
    'drop-after-process': 0,
    stall: 0,
  };

  /** How long the request just decided on stalls (read before the switches may turn off). */
  stallMs = 1_500;

  constructor(seed = 1) {
    this.random = new SeededRandom(seed);
  }

  /** `mutates`: the request changes state (an order or a cancel), so after-process faults apply. */
  decide(route: string, mutates: boolean): FaultDecision {
    const f = this.faults;
    this.stallMs = f.stallMs ?? 1_500;
    if (f.routes !== undefined && !f.routes.includes(route)) return 'none';
    const draw = this.random.next();
    // Each fault owns a slice of [0, 1): the draw lands in at most one.
    const slices: [FaultDecision, number][] = [
      ['server-error', f.serverErrorRate ?? 0],
      ['stall', f.stallRate ?? 0],
      ['error-after-process', mutates ? (f.errorAfterProcessRate ?? 0) : 0],
      ['drop-after-process', mutates ? (f.dropAfterProcessRate ?? 0) : 0],
    ];
    let decision: FaultDecision = 'none';
    let edge = 0;
    for (const [fault, rate] of slices) {
      edge += rate;
      if (draw < edge) {
        decision = fault;
        break;
      }
    }
    this.injected[decision] += 1;
    if (decision !== 'none' && f.times !== undefined && --f.times <= 0) this.faults = { latencyMs: f.latencyMs };
    return decision;
  }
}
