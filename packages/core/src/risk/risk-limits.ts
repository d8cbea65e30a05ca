/**
 * Pre-trade limits, fed by the platform config (`.projenrc.ts` → risk). Amounts are in the
 * account's quote currency.
 */
export interface RiskLimits {
  /** Largest notional (price × quantity) of a single order. */
  readonly maxOrderNotional: number;
  /** Largest absolute position notional per instrument after the order fills. */
  readonly maxPositionNotional: number;
  /** Most working orders at once across all instruments. */
  readonly maxOpenOrders: number;
  /** New orders per rolling second. */
  readonly maxOrdersPerSecond: number;
  /** Cancels per rolling second. */
  readonly maxCancelsPerSecond: number;
  /** Loss since the start of the UTC day (realized + unrealized, after fees) that halts trading. */
  readonly dailyLossLimit: number;
  /** How far (percent) a limit or trigger price may be from the last price. */
  readonly priceBandPercent: number;
  /** Gross exposure allowed as a multiple of equity (1 = cash account, no leverage). */
  readonly maxLeverage: number;
  /** Deny an order identical to one already working (same instrument, side, type, price, quantity). */
  readonly denyDuplicateOrders: boolean;
}

/** Same defaults as the platform config documents. */
export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxOrderNotional: 100_000,
  maxPositionNotional: 500_000,
  maxOpenOrders: 50,
  maxOrdersPerSecond: 20,
  maxCancelsPerSecond: 50,
  dailyLossLimit: 25_000,
  priceBandPercent: 5,
  maxLeverage: 1,
  denyDuplicateOrders: true,
};

/** Fills in defaults and fails fast on nonsense (a limit of 0 or NaN would silently deny all). */
export function resolveRiskLimits(partial: Partial<RiskLimits> = {}): RiskLimits {
  const limits: RiskLimits = { ...DEFAULT_RISK_LIMITS, ...stripUndefined(partial) };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value === 'number' && !(value > 0)) {
      throw new Error(`risk limit ${name} must be a positive number, got ${value}`);
    }
  }
  return limits;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
