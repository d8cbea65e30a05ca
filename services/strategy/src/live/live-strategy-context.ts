import { randomUUID } from 'node:crypto';
import { LiveClock, contracts } from '@tradeforge/core';
import type {
  AccountSnapshot,
  CancelOutcome,
  Instrument,
  OrderRequest,
  OrderView,
  StrategyContext,
  SubmitOutcome,
} from '@tradeforge/core';
import { PLATFORM_SETTINGS } from '@tradeforge/runtime';

/** Sends an `order.submit`-shaped request to the order service; resolves with its HTTP status. */
export type OrderSender = (body: Record<string, unknown>) => Promise<number>;

/**
 * The strategy API on live data: orders go to the order service (risk then decides, as for
 * every order), positions and equity come from the portfolio's snapshots on the bus. A strategy
 * cannot tell it from the backtester's context, which is what keeps backtest and live alike.
 */
export class LiveStrategyContext implements StrategyContext {
  readonly clock = new LiveClock();
  private readonly instruments = new Map<string, Instrument>(PLATFORM_SETTINGS.instruments.map((i) => [i.id, i]));
  private readonly positions = new Map<string, number>();
  private readonly working = new Map<string, OrderView>();
  private latestAccount: AccountSnapshot | undefined;
  private readonly startingCash = PLATFORM_SETTINGS.venues.find((v) => v.id === 'paper')?.startingCash ?? 0;

  constructor(
    readonly strategyId: string,
    private readonly send: OrderSender,
    private readonly onSendError: (error: Error) => void,
  ) {}

  instrument(instrumentId: string): Instrument {
    const instrument = this.instruments.get(instrumentId);
    if (!instrument) throw new Error(`unknown instrument ${instrumentId}; configure it in .projenrc.ts instruments`);
    return instrument;
  }

  /** Placed at once with a local client order id; the verdict arrives later as order events. */
  submitOrder(request: OrderRequest): SubmitOutcome {
    const clientOrderId = request.clientOrderId ?? `${this.strategyId}-${randomUUID()}`;
    const command = contracts.submitOrderSchema.parse({
      type: 'order.submit',
      version: 1,
      clientOrderId,
      strategyId: this.strategyId,
      instrumentId: request.instrumentId,
      side: request.side,
      orderType: request.type,
      quantity: request.quantity,
      price: request.price,
      triggerPrice: request.triggerPrice,
      timeInForce: request.timeInForce,
      expireAt: request.expireAt,
      reduceOnly: request.reduceOnly,
      tag: request.tag,
      ts: this.clock.now(),
    });
    const order = contracts.orderViewOfSubmit(command);
    this.working.set(clientOrderId, order);
    const { type: _type, version: _version, ts: _ts, ...body } = command;
    this.send(body).then(
      (status) => {
        if (status !== 201) {
          this.working.delete(clientOrderId);
          this.onSendError(new Error(`order ${clientOrderId} refused by the order service (HTTP ${status})`));
        }
      },
      (error: Error) => {
        this.working.delete(clientOrderId);
        this.onSendError(error);
      },
    );
    return { status: 'submitted', clientOrderId, order };
  }

  cancelOrder(clientOrderId: string): CancelOutcome {
    // Cancels go through the order API once it has one; until then the order runs its course.
    return { status: 'denied', clientOrderId, code: 'ORDER_NOT_CANCELABLE', reason: 'cancels are not wired yet' };
  }

  positionQuantity(instrumentId: string): number {
    return this.positions.get(instrumentId) ?? 0;
  }

  openOrders(instrumentId?: string): OrderView[] {
    const all = [...this.working.values()];
    return instrumentId === undefined ? all : all.filter((o) => o.instrumentId === instrumentId);
  }

  equity(): number {
    return this.latestAccount?.equity ?? this.startingCash;
  }

  cash(): number {
    return this.latestAccount?.cash ?? this.startingCash;
  }

  account(): AccountSnapshot {
    return (
      this.latestAccount ?? {
        ts: this.clock.now(),
        currency: 'USDT',
        cash: this.startingCash,
        equity: this.startingCash,
        realizedPnl: 0,
        unrealizedPnl: 0,
        fees: 0,
        grossExposure: 0,
        positions: [],
      }
    );
  }

  // What the bus tells the context.
  onPosition(instrumentId: string, quantity: number): void {
    this.positions.set(instrumentId, quantity);
  }

  onAccount(account: AccountSnapshot): void {
    this.latestAccount = account;
  }

  /** An order of ours ended (denied, filled, rejected, canceled, expired): it no longer works. */
  onOrderEnded(clientOrderId: string): void {
    this.working.delete(clientOrderId);
  }

  owns(clientOrderId: string): boolean {
    return this.working.has(clientOrderId);
  }
}
