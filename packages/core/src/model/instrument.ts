/**
 * A tradable instrument and the venue's rules for valid orders on it. Prices must be multiples of
 * `tickSize`, quantities multiples of `lotSize` and at least `minQuantity`, and the order's notional
 * (price × quantity) at least `minNotional`.
 */
export interface Instrument {
  /** Unique id across venues, conventionally `SYMBOL.VENUE`, e.g. `BTCUSDT.BINANCE`. */
  readonly id: string;
  readonly symbol: string;
  readonly venue: string;
  readonly quoteCurrency: string;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly minQuantity: number;
  readonly minNotional: number;
}

export interface InstrumentSpec {
  readonly symbol: string;
  readonly venue: string;
  readonly quoteCurrency?: string;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly minQuantity?: number;
  readonly minNotional?: number;
}

/** Builds an instrument, checking the rules make sense so bad config fails at start-up. */
export function createInstrument(spec: InstrumentSpec): Instrument {
  if (!(spec.tickSize > 0)) throw new Error(`instrument ${spec.symbol}: tickSize must be > 0, got ${spec.tickSize}`);
  if (!(spec.lotSize > 0)) throw new Error(`instrument ${spec.symbol}: lotSize must be > 0, got ${spec.lotSize}`);
  return {
    id: `${spec.symbol}.${spec.venue}`,
    symbol: spec.symbol,
    venue: spec.venue,
    quoteCurrency: spec.quoteCurrency ?? 'USD',
    tickSize: spec.tickSize,
    lotSize: spec.lotSize,
    minQuantity: spec.minQuantity ?? spec.lotSize,
    minNotional: spec.minNotional ?? 0,
  };
}

// Floats cannot represent most decimal steps exactly (0.1 * 3 !== 0.3), so "is a multiple of"
// allows a relative error far below any real tick or lot.
const STEP_TOLERANCE = 1e-9;

/** True when `value` is a whole number of `step`s. */
export function isMultipleOf(value: number, step: number): boolean {
  const steps = value / step;
  return Math.abs(steps - Math.round(steps)) <= STEP_TOLERANCE * Math.max(1, Math.abs(steps));
}

/** Rounds to the nearest multiple of `step`, removing float noise such as 0.30000000000000004. */
export function roundToStep(value: number, step: number): number {
  const factor = decimalFactor(step);
  return Math.round(Math.round(value / step) * step * factor) / factor;
}

/** Rounds down (towards zero) to a multiple of `step`: the size you can actually trade. */
export function floorToStep(value: number, step: number): number {
  const factor = decimalFactor(step);
  const steps = Math.floor(Math.abs(value) / step + STEP_TOLERANCE);
  return (Math.sign(value) * Math.round(steps * step * factor)) / factor;
}

/** Number of decimals needed to print `step` exactly (0.01 → 2, 1e-8 → 8, 5 → 0). */
export function decimalsOf(step: number): number {
  if (Number.isInteger(step)) return 0;
  const [mantissa = '', exponent] = step.toString().split('e-');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return exponent === undefined ? fraction : fraction + Number(exponent);
}

// Steps are few (a tick and a lot per instrument) and rounding runs on every fill: remember the
// factors, with the two most recent steps checked first (price and quantity alternate).
const factors = new Map<number, number>();
let recentStepA = Number.NaN;
let recentFactorA = 1;
let recentStepB = Number.NaN;
let recentFactorB = 1;
function decimalFactor(step: number): number {
  if (step === recentStepA) return recentFactorA;
  if (step === recentStepB) return recentFactorB;
  let factor = factors.get(step);
  if (factor === undefined) {
    factor = 10 ** decimalsOf(step);
    factors.set(step, factor);
  }
  recentStepB = recentStepA;
  recentFactorB = recentFactorA;
  recentStepA = step;
  recentFactorA = factor;
  return factor;
}
