import { isMultipleOf } from '@tradeforge/core';

/** A market the mock venue lists. */
export interface MockMarket {
  /** The venue's symbol (`BTCUSDT`, `KRW-BTC`). */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly minNotional?: number;
}

export type MockSide = 'BUY' | 'SELL';
export type MockOrderStatus = 'open' | 'filled' | 'canceled' | 'expired';

export interface MockTrade {
  readonly tradeId: number;
  readonly venueOrderId: number;
  readonly price: number;
  readonly quantity: number;
  /** Charged in the quote asset. */
  readonly fee: number;
  readonly maker: boolean;
  readonly ts: number;
}

export interface MockOrder {
  readonly venueOrderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: MockSide;
  readonly type: 'LIMIT' | 'MARKET';
  readonly timeInForce: 'GTC' | 'IOC' | 'FOK';
  readonly quantity: number;
  readonly price: number | undefined;
  executed: number;
  quoteExecuted: number;
  fees: number;
  status: MockOrderStatus;
  readonly createdAt: number;
  updatedAt: number;
  /** Quote (buys) or base (sells) still held for the unfilled part. */
  locked: number;
  readonly trades: MockTrade[];
}

export interface PlaceOrder {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: MockSide;
  readonly type: 'LIMIT' | 'MARKET';
  readonly timeInForce: 'GTC' | 'IOC' | 'FOK';
  readonly quantity: number;
  readonly price: number | undefined;
}

export type PlaceRejection =
  'unknown-symbol' | 'price-filter' | 'lot-size' | 'min-notional' | 'insufficient-balance' | 'no-price';

/**
 * One trade on the mock venue's public tape: a new feed price (`setPrice`, printed with the
 * market's lot size as its size, since the feed carries no volume) or an execution of one of our
 * orders. The mocks' market-data streams publish these.
 */
export interface MockPrint {
  readonly symbol: string;
  readonly price: number;
  readonly quantity: number;
  /** The aggressor: the taker's side for an execution; for a feed price, whether it went down (SELL) or up. */
  readonly takerSide: MockSide;
  /** The tape's own sequence (1, 2, ...), shared by feed prices and executions. */
  readonly sequence: number;
  readonly ts: number;
}

export interface MockMatchingOptions {
  readonly markets: readonly MockMarket[];
  /** Starting balances by asset. */
  readonly balances: Readonly<Record<string, number>>;
  /** Fee rate on the traded notional, charged in the quote asset. @default 0.001 */
  readonly feeRate?: number;
  /** Most quantity one order fills per price update or on arrival (partial fills). @default unlimited */
  readonly maxFillPerMatch?: number;
  readonly now?: () => number;
}

interface Balance {
  free: number;
  locked: number;
}

/**
 * The trading half of a mock venue, the same for every venue: a book of our orders matched
 * against a price the test feeds (`setPrice`), partial fills when liquidity per match is capped,
 * fees, and balances that lock what open orders need. Venue mocks wrap it in their HTTP shapes.
 */
export class MockMatchingEngine {
  private readonly markets: Map<string, MockMarket>;
  private readonly balances = new Map<string, Balance>();
  private readonly prices = new Map<string, number>();
  /** Every order ever placed, in arrival order: tests count them per client order id. */
  readonly orders: MockOrder[] = [];
  private readonly byVenueId = new Map<number, MockOrder>();
  private nextOrderId = 1;
  private nextTradeId = 1;
  private readonly feeRate: number;
  private readonly now: () => number;
  private readonly printListeners = new Set<(print: MockPrint) => void>();
  private nextPrint = 1;

  constructor(private readonly options: MockMatchingOptions) {
    this.markets = new Map(options.markets.map((m) => [m.symbol, m]));
    for (const [asset, amount] of Object.entries(options.balances))
      this.balances.set(asset, { free: amount, locked: 0 });
    this.feeRate = options.feeRate ?? 0.001;
    this.now = options.now ?? (() => Date.now());
  }

  market(symbol: string): MockMarket | undefined {
    return this.markets.get(symbol);
  }

  lastPrice(symbol: string): number | undefined {
    return this.prices.get(symbol);
  }

  place(input: PlaceOrder): { order: MockOrder } | { rejection: PlaceRejection } {
    const market = this.markets.get(input.symbol);
    if (market === undefined) return { rejection: 'unknown-symbol' };
    if (input.price !== undefined && !isMultipleOf(input.price, market.tickSize)) return { rejection: 'price-filter' };
    if (!(input.quantity > 0) || !isMultipleOf(input.quantity, market.lotSize)) return { rejection: 'lot-size' };
    const refPrice = input.type === 'MARKET' ? this.prices.get(input.symbol) : input.price;
    if (refPrice === undefined) return { rejection: 'no-price' };
    if (refPrice * input.quantity < (market.minNotional ?? 0)) return { rejection: 'min-notional' };
    const asset = input.side === 'BUY' ? market.quote : market.base;
    const needed = input.side === 'BUY' ? refPrice * input.quantity * (1 + this.feeRate) : input.quantity;
    const balance = this.balance(asset);
    if (balance.free < needed) return { rejection: 'insufficient-balance' };
    balance.free -= needed;
    balance.locked += needed;
    const ts = this.now();
    const order: MockOrder = {
      venueOrderId: this.nextOrderId++,
      ...input,
      executed: 0,
      quoteExecuted: 0,
      fees: 0,
      status: 'open',
      createdAt: ts,
      updatedAt: ts,
      locked: needed,
      trades: [],
    };
    this.orders.push(order);
    this.byVenueId.set(order.venueOrderId, order);
    this.matchOnArrival(order);
    return { order };
  }

  /** The most recent order with this client id (venues keep ids unique among open orders only). */
  findByClientId(symbol: string | undefined, clientOrderId: string): MockOrder | undefined {
    for (let i = this.orders.length - 1; i >= 0; i--) {
      const order = this.orders[i]!;
      if (order.clientOrderId === clientOrderId && (symbol === undefined || order.symbol === symbol)) return order;
    }
    return undefined;
  }

  findByVenueId(venueOrderId: number): MockOrder | undefined {
    return this.byVenueId.get(venueOrderId);
  }

  openOrders(symbol?: string): MockOrder[] {
    return this.orders.filter((o) => o.status === 'open' && (symbol === undefined || o.symbol === symbol));
  }

  /** Cancels an open order; false if it is already closed. */
  cancel(order: MockOrder): boolean {
    if (order.status !== 'open') return false;
    this.close(order, 'canceled');
    return true;
  }

  /** Calls `listener` with every print (feed price or execution) from now on; returns the unsubscribe. */
  onPrint(listener: (print: MockPrint) => void): () => void {
    this.printListeners.add(listener);
    return () => this.printListeners.delete(listener);
  }

  /** A new last-trade price: resting limit orders that it crosses fill (at their limit price). */
  setPrice(symbol: string, price: number): void {
    const previous = this.prices.get(symbol);
    this.prices.set(symbol, price);
    const market = this.markets.get(symbol);
    if (market !== undefined) {
      const takerSide = previous !== undefined && price < previous ? 'SELL' : 'BUY';
      this.print({ symbol, price, quantity: market.lotSize, takerSide, ts: this.now() });
    }
    for (const order of this.openOrders(symbol)) {
      if (order.type !== 'LIMIT' || order.price === undefined) continue;
      const crosses = order.side === 'BUY' ? price <= order.price : price >= order.price;
      if (crosses) this.fill(order, order.price, this.matchable(order), true);
    }
  }

  balanceOf(asset: string): { free: number; locked: number } {
    const balance = this.balances.get(asset);
    return { free: balance?.free ?? 0, locked: balance?.locked ?? 0 };
  }

  allBalances(): { asset: string; free: number; locked: number }[] {
    return [...this.balances].map(([asset, b]) => ({ asset, free: b.free, locked: b.locked }));
  }

  private matchOnArrival(order: MockOrder): void {
    const last = this.prices.get(order.symbol);
    const marketable =
      last !== undefined &&
      (order.type === 'MARKET' || (order.side === 'BUY' ? last <= order.price! : last >= order.price!));
    if (order.timeInForce === 'FOK' && (!marketable || this.matchable(order) < order.quantity)) {
      this.close(order, 'expired');
      return;
    }
    if (marketable) this.fill(order, last, this.matchable(order), false);
    if (order.status === 'open' && (order.type === 'MARKET' || order.timeInForce !== 'GTC'))
      this.close(order, 'expired');
  }

  private matchable(order: MockOrder): number {
    const remaining = order.quantity - order.executed;
    return Math.min(remaining, this.options.maxFillPerMatch ?? remaining);
  }

  private fill(order: MockOrder, price: number, quantity: number, maker: boolean): void {
    if (quantity <= 0) return;
    const market = this.markets.get(order.symbol)!;
    const notional = price * quantity;
    const fee = notional * this.feeRate;
    const ts = this.now();
    order.trades.push({
      tradeId: this.nextTradeId++,
      venueOrderId: order.venueOrderId,
      price,
      quantity,
      fee,
      maker,
      ts,
    });
    order.executed = roundQty(order.executed + quantity);
    order.quoteExecuted += notional;
    order.fees += fee;
    order.updatedAt = ts;
    const base = this.balance(market.base);
    const quote = this.balance(market.quote);
    if (order.side === 'BUY') {
      const used = notional + fee;
      quote.locked = unlocked(quote.locked, used);
      order.locked -= used;
      base.free += quantity;
    } else {
      base.locked = unlocked(base.locked, quantity);
      order.locked -= quantity;
      quote.free += notional - fee;
    }
    if (order.executed >= order.quantity - 1e-12) this.close(order, 'filled');
    // A resting (maker) order was hit by the other side.
    const takerSide = maker ? (order.side === 'BUY' ? 'SELL' : 'BUY') : order.side;
    this.print({ symbol: order.symbol, price, quantity, takerSide, ts });
  }

  /** Tells the listeners; an execution's print carries its trade's own time. */
  private print(print: Omit<MockPrint, 'sequence'>): void {
    if (this.printListeners.size === 0) return;
    const full: MockPrint = { ...print, sequence: this.nextPrint++ };
    for (const listener of this.printListeners) listener(full);
  }

  private close(order: MockOrder, status: MockOrderStatus): void {
    order.status = status;
    order.updatedAt = this.now();
    const market = this.markets.get(order.symbol)!;
    const balance = this.balance(order.side === 'BUY' ? market.quote : market.base);
    // What the order still holds goes back (for a filled buy, what its fills did not cost).
    balance.locked = unlocked(balance.locked, order.locked);
    balance.free += order.locked;
    order.locked = 0;
  }

  private balance(asset: string): Balance {
    let balance = this.balances.get(asset);
    if (balance === undefined) {
      balance = { free: 0, locked: 0 };
      this.balances.set(asset, balance);
    }
    return balance;
  }
}

function roundQty(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

/**
 * What stays locked after releasing `amount`. Thousands of locks and releases in floating point
 * leave residues (-0.0001 KRW on a 10^12 balance); a venue never reports a negative locked
 * amount (the Creon bridge contract refuses one), so a residue below zero is zero.
 */
function unlocked(locked: number, amount: number): number {
  return Math.max(0, locked - amount);
}
