import type { Clock } from '../clock.js';
import type { VenueClient, VenueEvent, VenueEventSink } from '../execution/venue-client.js';
import type { Instrument } from '../model/instrument.js';
import { roundToStep } from '../model/instrument.js';
import type { Bar, Tick } from '../model/market-data.js';
import type { Liquidity } from '../model/order-events.js';
import { OrderType, TimeInForce } from '../model/order-types.js';
import type { OrderView } from '../model/order-view.js';
import { RateFeeModel } from './fee-model.js';
import type { FeeModel } from './fee-model.js';
import { LatencyModel } from './latency-model.js';
import { SeededRandom } from './random.js';
import type { SimulatedVenueConfig } from './simulated-venue-config.js';
import { SlippageModel } from './slippage-model.js';

/** The part of a bar or tick the matching logic reads. A tick is a bar with one price. */
interface PriceSlice {
  ts: number;
  open: number;
  high: number;
  low: number;
  volume: number;
}

/** The venue's own record of a working order. */
interface VenueOrder {
  readonly order: OrderView;
  readonly venueOrderId: string;
  readonly arrivesAt: number;
  accepted: boolean;
  triggered: boolean;
  /** Quantity still working at the venue. */
  remaining: number;
  /** Volume queued ahead at the limit price; NaN until the order rests. */
  queueAhead: number;
  /** When a cancel request arrives; +Infinity if none was sent. */
  cancelAt: number;
  done: boolean;
}

/**
 * An exchange simulator driven by bars or ticks. It implements the same VenueClient interface
 * as live broker adapters, so the kernel cannot tell it apart from a real venue:
 * - latency: orders and cancels act only once they arrive;
 * - market orders fill at the next price (bar open) with slippage, taker fees;
 * - limit orders fill at the open if marketable on arrival (taker), otherwise rest and fill at
 *   their price (maker) when a bar trades through it, or after the queue ahead is consumed when
 *   a bar only touches it;
 * - stops trigger on the bar's high/low, then behave as market or limit;
 * - fills are capped by a share of bar volume (partial fills); IOC cancels the rest, FOK fills
 *   completely or not at all; GTD expires.
 * Deterministic for a given seed.
 */
export class SimulatedVenue implements VenueClient {
  readonly venue: string;
  private readonly idPrefix: string;
  private readonly config: SimulatedVenueConfig;
  private readonly clock: Clock;
  private readonly instruments: ReadonlyMap<string, Instrument>;
  private readonly fees: FeeModel;
  private readonly slippage: SlippageModel;
  private readonly latency: LatencyModel;
  private sink: VenueEventSink | undefined;
  private readonly orders: VenueOrder[] = [];
  private orderSequence = 0;
  private tradeSequence = 0;
  // Reused price slices: matching reads them synchronously and never keeps them.
  private readonly tickSlice: PriceSlice = { ts: 0, open: 0, high: 0, low: 0, volume: 0 };
  private readonly barSlice: PriceSlice = { ts: 0, open: 0, high: 0, low: 0, volume: 0 };

  constructor(config: SimulatedVenueConfig, instruments: ReadonlyMap<string, Instrument>, clock: Clock, seed: number) {
    this.config = config;
    this.clock = clock;
    this.venue = config.venue;
    this.idPrefix = config.idPrefix ?? config.venue;
    this.instruments = instruments;
    const random = new SeededRandom(seed);
    this.fees = new RateFeeModel(config.makerFeeRate, config.takerFeeRate);
    this.slippage = new SlippageModel(config.slippageBps, config.randomSlippageBps, random);
    this.latency = new LatencyModel(config.latencyMs, config.latencyJitterMs, random);
  }

  /** True while any order is in flight or working: lets the replay loop skip idle bars cheaply. */
  get hasWork(): boolean {
    return this.orders.length > 0;
  }

  connect(sink: VenueEventSink): void {
    this.sink = sink;
  }

  submitOrder(order: OrderView): void {
    this.orderSequence += 1;
    const venueOrder: VenueOrder = {
      order,
      venueOrderId: `${this.idPrefix}-O${this.orderSequence}`,
      arrivesAt: this.latency.arrival(order.createdAt),
      accepted: false,
      triggered: false,
      remaining: order.quantity,
      queueAhead: Number.NaN,
      cancelAt: Number.POSITIVE_INFINITY,
      done: false,
    };
    this.orders.push(venueOrder);
  }

  cancelOrder(order: OrderView): void {
    // Few orders work at once: a scan is cheaper than keeping a map in step.
    const venueOrder = this.orders.find((candidate) => candidate.order === order);
    if (venueOrder === undefined || venueOrder.done) {
      this.emit({
        version: 1,
        clientOrderId: order.clientOrderId,
        strategyId: order.strategyId,
        instrumentId: order.instrumentId,
        ts: this.clock.now(),
        type: 'order.cancel-rejected',
        reason: 'order is not working at the venue',
      });
      return;
    }
    // The cancel travels with the same latency as orders; the venue acts on it on arrival.
    venueOrder.cancelAt = Math.min(venueOrder.cancelAt, this.latency.arrival(this.clock.now()));
  }

  /** The simulator never loses a message, so there is never an unknown order to resolve. */
  queryOrder(_order: OrderView): void {}

  /** Matches working orders against one bar. Called before the strategy sees the bar. */
  onBar(bar: Bar): void {
    this.onBarPrices(bar.instrumentId, bar.ts, bar.open, bar.high, bar.low, bar.volume);
  }

  /**
   * onBar from the bar's numbers. The backtest loop calls it straight from its columns, so the
   * venue never holds the strategy's Bar object and the JIT can often avoid building that object
   * at all (the strategy only reads numbers from it).
   */
  onBarPrices(instrumentId: string, ts: number, open: number, high: number, low: number, volume: number): void {
    if (this.orders.length === 0) return;
    const slice = this.barSlice;
    slice.ts = ts;
    slice.open = open;
    slice.high = high;
    slice.low = low;
    slice.volume = volume;
    this.match(slice, instrumentId, false);
  }

  onTick(tick: Tick): void {
    if (this.orders.length === 0) return;
    const slice = this.tickSlice;
    slice.ts = tick.ts;
    slice.open = slice.high = slice.low = tick.price;
    slice.volume = tick.size;
    this.match(slice, tick.instrumentId, true);
  }

  private match(slice: PriceSlice, instrumentId: string, isTick: boolean): void {
    // Orders submitted from inside event callbacks are appended; they wait for the next slice.
    const count = this.orders.length;
    for (let i = 0; i < count; i++) {
      const venueOrder = this.orders[i]!;
      if (venueOrder.done || venueOrder.order.instrumentId !== instrumentId || venueOrder.arrivesAt > slice.ts)
        continue;
      this.process(venueOrder, slice, isTick);
    }
    this.compact();
  }

  private process(venueOrder: VenueOrder, slice: PriceSlice, isTick: boolean): void {
    const order = venueOrder.order;
    const instrument = this.instruments.get(order.instrumentId);
    const arriving = !venueOrder.accepted;
    if (arriving) {
      if (instrument === undefined) {
        venueOrder.done = true;
        this.emit({
          version: 1,
          clientOrderId: order.clientOrderId,
          strategyId: order.strategyId,
          instrumentId: order.instrumentId,
          ts: venueOrder.arrivesAt,
          type: 'order.rejected',
          reason: `instrument ${order.instrumentId} is not traded here`,
        });
        return;
      }
      venueOrder.accepted = true;
      this.emit({
        version: 1,
        clientOrderId: order.clientOrderId,
        strategyId: order.strategyId,
        instrumentId: order.instrumentId,
        ts: venueOrder.arrivesAt,
        type: 'order.accepted',
        venueOrderId: venueOrder.venueOrderId,
      });
    }
    if (venueOrder.cancelAt <= slice.ts) {
      this.finish(venueOrder, {
        version: 1,
        clientOrderId: order.clientOrderId,
        strategyId: order.strategyId,
        instrumentId: order.instrumentId,
        ts: venueOrder.cancelAt,
        type: 'order.canceled',
        reason: 'canceled by request',
      });
      return;
    }
    if (order.expireAt !== undefined && order.timeInForce === TimeInForce.GTD && order.expireAt <= slice.ts) {
      this.finish(venueOrder, {
        version: 1,
        clientOrderId: order.clientOrderId,
        strategyId: order.strategyId,
        instrumentId: order.instrumentId,
        ts: order.expireAt,
        type: 'order.expired',
      });
      return;
    }
    const tick = instrument!.tickSize;
    const buy = order.side === 'BUY';

    // Stops: trigger when the range reaches the trigger price.
    let stopFillReference = Number.NaN;
    if ((order.type === OrderType.Stop || order.type === OrderType.StopLimit) && !venueOrder.triggered) {
      const trigger = order.triggerPrice!;
      const reached = buy ? slice.high >= trigger : slice.low <= trigger;
      if (!reached) {
        this.endImmediateOrder(venueOrder, slice.ts, arriving);
        return;
      }
      venueOrder.triggered = true;
      this.emit({
        version: 1,
        clientOrderId: order.clientOrderId,
        strategyId: order.strategyId,
        instrumentId: order.instrumentId,
        ts: slice.ts,
        type: 'order.triggered',
      });
      // A gap through the trigger fills at the open; otherwise at the trigger.
      stopFillReference = buy ? Math.max(slice.open, trigger) : Math.min(slice.open, trigger);
    }

    const available = this.availableVolume(
      slice,
      isTick,
      order.type === OrderType.Limit || order.type === OrderType.StopLimit,
    );
    if (order.type === OrderType.Market || order.type === OrderType.Stop) {
      const reference = Number.isNaN(stopFillReference) ? slice.open : stopFillReference;
      this.fillTaker(
        venueOrder,
        instrument!,
        this.slippage.takerPrice(reference, order.side, tick),
        available,
        slice.ts,
      );
      this.endImmediateOrder(venueOrder, slice.ts, arriving);
      return;
    }

    // Limit and triggered stop-limit orders.
    const limit = order.price!;
    const reference = Number.isNaN(stopFillReference) ? slice.open : stopFillReference;
    const marketable = buy ? reference <= limit : reference >= limit;
    if ((arriving || !Number.isNaN(stopFillReference)) && marketable) {
      // Crossing the spread on arrival: taker, slippage capped by the limit.
      const slipped = this.slippage.takerPrice(reference, order.side, tick);
      const price = buy ? Math.min(slipped, limit) : Math.max(slipped, limit);
      this.fillTaker(venueOrder, instrument!, price, available, slice.ts);
      this.endImmediateOrder(venueOrder, slice.ts, arriving);
      return;
    }
    if (order.timeInForce === TimeInForce.IOC || order.timeInForce === TimeInForce.FOK) {
      this.endImmediateOrder(venueOrder, slice.ts, true);
      return;
    }
    if (Number.isNaN(venueOrder.queueAhead)) {
      // Starts resting now: estimate the queue ahead at our price; no fill on the arrival slice.
      venueOrder.queueAhead = slice.volume * this.config.queueAheadShare;
      return;
    }
    const tradedThrough = buy ? slice.low < limit : slice.high > limit;
    const touched = buy ? slice.low === limit : slice.high === limit;
    let fillable = 0;
    if (tradedThrough) {
      fillable = available;
    } else if (touched) {
      const atLevel = isTick ? slice.volume : slice.volume * this.config.touchVolumeShare;
      const consumed = Math.min(venueOrder.queueAhead, atLevel);
      venueOrder.queueAhead -= consumed;
      fillable = Math.min(available, atLevel - consumed);
    }
    if (fillable > 0) this.fill(venueOrder, instrument!, limit, fillable, 'MAKER', slice.ts);
  }

  /** Volume one order may take from this slice; unlimited when the data has no volume. */
  private availableVolume(slice: PriceSlice, isTick: boolean, passive: boolean): number {
    if (!(slice.volume > 0)) return Number.POSITIVE_INFINITY;
    if (isTick) return passive ? slice.volume : Number.POSITIVE_INFINITY;
    return slice.volume * this.config.maxVolumeParticipation;
  }

  private fillTaker(
    venueOrder: VenueOrder,
    instrument: Instrument,
    price: number,
    available: number,
    ts: number,
  ): void {
    const order = venueOrder.order;
    if (order.timeInForce === TimeInForce.FOK && available < venueOrder.remaining) return;
    this.fill(venueOrder, instrument, price, available, 'TAKER', ts);
  }

  private fill(
    venueOrder: VenueOrder,
    instrument: Instrument,
    price: number,
    available: number,
    liquidity: Liquidity,
    ts: number,
  ): void {
    // Whole lots only: a venue never fills a fraction of a lot.
    const lots = Math.floor(Math.min(venueOrder.remaining, available) / instrument.lotSize + 1e-9);
    if (lots <= 0) return;
    const quantity = Math.min(venueOrder.remaining, roundToStep(lots * instrument.lotSize, instrument.lotSize));
    venueOrder.remaining = roundToStep(venueOrder.remaining - quantity, instrument.lotSize);
    if (venueOrder.remaining <= 0) venueOrder.done = true;
    this.tradeSequence += 1;
    const order = venueOrder.order;
    this.emit({
      version: 1,
      clientOrderId: order.clientOrderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      ts,
      type: 'order.filled',
      venue: this.venue,
      tradeId: `${this.idPrefix}-T${this.tradeSequence}`,
      venueOrderId: venueOrder.venueOrderId,
      side: order.side,
      quantity,
      price,
      fee: this.fees.fee(quantity * price, liquidity),
      liquidity,
    });
  }

  /** IOC and FOK never rest: whatever did not fill on arrival is canceled. */
  private endImmediateOrder(venueOrder: VenueOrder, ts: number, arriving: boolean): void {
    const tif = venueOrder.order.timeInForce;
    if (venueOrder.done || !arriving || (tif !== TimeInForce.IOC && tif !== TimeInForce.FOK)) return;
    this.finish(venueOrder, {
      version: 1,
      clientOrderId: venueOrder.order.clientOrderId,
      strategyId: venueOrder.order.strategyId,
      instrumentId: venueOrder.order.instrumentId,
      ts: ts,
      type: 'order.canceled',
      reason: `${tif} remainder canceled`,
    });
  }

  private finish(venueOrder: VenueOrder, event: VenueEvent): void {
    venueOrder.done = true;
    this.emit(event);
  }

  private compact(): void {
    let kept = 0;
    const orders = this.orders;
    for (let i = 0; i < orders.length; i++) {
      const venueOrder = orders[i]!;
      if (!venueOrder.done) orders[kept++] = venueOrder;
    }
    // pop() rather than `orders.length = kept`: shrinking the length frees the backing store,
    // and the next order's push would allocate it again (once per order in a backtest).
    while (orders.length > kept) orders.pop();
  }

  private emit(event: VenueEvent): void {
    this.sink?.onVenueEvent(event);
  }
}
