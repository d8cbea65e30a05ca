import { OrderStatus, OrderType, TimeInForce } from '@tradeforge/core';
import type {
  Instrument,
  Tick,
  VenueAdapter,
  VenueBalance,
  VenueCancelResult,
  VenueCapabilities,
  VenueFill,
  VenueOrderRef,
  VenueOrderReport,
  VenueQueryResult,
  VenueStreamStatus,
  VenueSubmitResult,
} from '@tradeforge/core';
import { OpenTradeStreams } from '../shared/open-trade-streams.js';
import type { BackoffOptions } from '../shared/backoff.js';
import { asVenueError } from '../shared/venue-error.js';
import { formatStep } from '../shared/venue-format.js';
import { KisFillLedger } from './kis-fill-ledger.js';
import { KisAccountApi } from './kis-account-api.js';
import { KisApprovalKey } from './kis-approval.js';
import { kisSideCode, kstDateTime, kstToEpoch, reportFromKis, sideFromKis } from './kis-mapping.js';
import type { KisOrderRow } from './kis-mapping.js';
import { KisOrderNumbers } from './kis-order-numbers.js';
import { KisSession } from './kis-session.js';
import type { KisSessionOptions } from './kis-session.js';
import { KIS_PAPER_STREAM_URL, KIS_STREAM_URL, KisTradeStream } from './kis-trade-stream.js';

export interface KisAdapterOptions extends KisSessionOptions {
  /** The trading account, `CANO-ACNT_PRDT_CD`: 8 digits, a dash, 2 digits (e.g. `12345678-01`). */
  readonly account: string;
  /**
   * KIS requests carry no expiry and KIS has no client order id: how long after an unanswered
   * submit "no such order" is taken as final. @default 10000
   */
  readonly unknownGraceMs?: number;
  /**
   * How far KIS's order time may be behind ours when an unanswered submit is looked for in its
   * order list (clock difference plus KIS's whole-second times). @default 2000
   */
  readonly clockToleranceMs?: number;
  /**
   * Longest a submit waits for an identical earlier one to be accounted for (and a buffered
   * cancel for its order number). Only a bound against an order nobody resolves: under load an
   * UNKNOWN order's queries queue behind everything else for the same rate limit, and sending its
   * twin early would make the match ambiguous. @default 60000
   */
  readonly identicalWaitMs?: number;
  /**
   * Ask for the order's state right after KIS accepted it, so executions on arrival come with the
   * acknowledgement (KIS's order answer carries only the order number). @default true
   */
  readonly queryAfterSubmit?: boolean;
  /**
   * KIS's real-time WebSocket host (config `venues[].streamUrl`).
   * @default KIS_STREAM_URL (real) or KIS_PAPER_STREAM_URL (paper)
   */
  readonly streamUrl?: string;
  /** Reconnect waits of trade streams. @default base 250 ms, at most 10 s */
  readonly streamBackoff?: BackoffOptions;
}

/**
 * KIS (Korea Investment & Securities) domestic stocks over its Open API: the OAuth token cached
 * and issued at most once a minute (`KisSession`), cash orders by `tr_id`, and — KIS having no
 * client order id — our id ↔ order number (ODNO) map kept here, with cancels buffered until the
 * number is known (`KisOrderNumbers`) and executions derived from the cumulative figures KIS
 * reports (`KisFillLedger`).
 *
 * An unanswered submit is never resent: it is looked for in KIS's order list by what it was
 * (code, side, type, quantity, price, sent after we sent it) among orders no other id of ours
 * holds. Identical submits are sent one after another so such a match is never ambiguous.
 */
export class KisAdapter implements VenueAdapter {
  readonly venue = 'kis';
  readonly capabilities: VenueCapabilities;
  readonly session: KisSession;
  readonly numbers = new KisOrderNumbers();
  private readonly ledger = new KisFillLedger();
  private readonly api: KisAccountApi;
  private readonly identicalWaitMs: number;
  /** The WebSocket approval key, asked for on the first subscription. */
  readonly approval: KisApprovalKey;
  private readonly streams = new OpenTradeStreams<KisTradeStream>();
  /** The real-time host trade streams connect to. */
  readonly streamUrl: string;

  constructor(private readonly options: KisAdapterOptions) {
    this.session = new KisSession(options);
    this.api = new KisAccountApi(this.session, options.account);
    this.identicalWaitMs = options.identicalWaitMs ?? 60_000;
    this.approval = new KisApprovalKey(options);
    this.streamUrl =
      options.streamUrl ?? (this.session.environment === 'paper' ? KIS_PAPER_STREAM_URL : KIS_STREAM_URL);
    this.capabilities = {
      venue: this.venue,
      orderTypes: [OrderType.Market, OrderType.Limit],
      // KRX orders live for the day: GTC is sent as a day order.
      timeInForce: [TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK],
      clientOrderIds: 'local-map',
      staleRequestMs: options.unknownGraceMs ?? 10_000,
      marketDataStream: true,
      // Whole shares and whole won; the tick depends on the price band (KRX).
      precision: { maxDecimals: 0, tick: 'price-bands' },
    };
  }

  /** The shared rate limiter (tests, metrics). */
  get limiter() {
    return this.session.limiter;
  }

  /** The resilience layer; the broker reads its circuit state for readiness. */
  get caller() {
    return this.session.caller;
  }

  async connect(): Promise<void> {
    await this.balances();
  }

  async submit({ order, instrument }: VenueOrderRef): Promise<VenueSubmitResult> {
    const unsupported = this.unsupported(order.type, order.timeInForce);
    if (unsupported !== undefined) return { status: 'rejected', reason: unsupported, code: 'unsupported' };
    // Without a client order id at KIS, a second submit of the same id would be a second order.
    if (this.numbers.has(order.clientOrderId))
      return { status: 'rejected', reason: `kis: ${order.clientOrderId} was already sent`, code: 'duplicate' };
    const dvsn = orderDivision(order.type, order.timeInForce);
    const quantity = formatStep(order.quantity, instrument.lotSize);
    const price = order.type === OrderType.Limit ? formatStep(order.price!, instrument.tickSize) : '0';
    const signature = [instrument.symbol, kisSideCode(order.side), dvsn, Number(quantity), Number(price)].join('|');
    await this.numbers.begin(order.clientOrderId, signature, this.identicalWaitMs);
    try {
      const output = await this.api.placeCashOrder({
        side: order.side,
        code: instrument.symbol,
        division: dvsn,
        quantity,
        price,
      });
      this.numbers.known(order.clientOrderId, output.ODNO, output.KRX_FWDG_ORD_ORGNO);
      const { date } = kstDateTime(Date.now());
      const acknowledged: VenueOrderReport = {
        clientOrderId: order.clientOrderId,
        venueOrderId: output.ODNO,
        status: OrderStatus.Accepted,
        filledQuantity: 0,
        ts: kstToEpoch(date, output.ORD_TMD),
      };
      if (this.options.queryAfterSubmit === false) return { status: 'accepted', report: acknowledged, fills: [] };
      const row = await this.api.orderRow(output.ODNO, order.createdAt).catch(() => undefined);
      if (row === undefined) return { status: 'accepted', report: acknowledged, fills: [] };
      return { status: 'accepted', report: this.observe(row), fills: this.fillsOf(row, order) };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      if (failure.outcomeUnknown) {
        this.numbers.unknown(order.clientOrderId);
        return { status: 'unknown', reason: failure.message };
      }
      this.numbers.refused(order.clientOrderId);
      return { status: 'rejected', reason: failure.message, code: failure.code };
    }
  }

  async cancel(ref: VenueOrderRef): Promise<VenueCancelResult> {
    const { order } = ref;
    let odno = this.numbers.odnoOf(order.clientOrderId) ?? order.venueOrderId;
    let orgno = this.numbers.orgnoOf(order.clientOrderId);
    const state = this.numbers.stateOf(order.clientOrderId);
    if (odno === undefined && state === 'refused')
      return {
        status: 'rejected',
        reason: 'kis: the order was refused or never arrived; nothing to cancel',
        code: 'no-order',
      };
    if (odno === undefined && (state === 'in-flight' || state === 'unknown')) {
      // Buffered: sent once KIS has numbered the order, not at all if it never will.
      const outcome = await this.numbers.waitForNumber(order.clientOrderId, this.identicalWaitMs);
      if (outcome.status === 'refused')
        return {
          status: 'rejected',
          reason: 'kis: the order was refused or never arrived; nothing to cancel',
          code: 'no-order',
        };
      if (outcome.status === 'timeout')
        return {
          status: 'rejected',
          reason: 'kis: the order has no number yet; cancel not sent',
          code: 'no-order-number',
        };
      ({ odno, orgno } = outcome);
    }
    if (odno === undefined) {
      const found = await this.queryOrder(ref).catch(() => undefined);
      if (found?.status !== 'found')
        return { status: 'rejected', reason: 'kis: no such order at the venue', code: 'not-found' };
      odno = found.report.venueOrderId;
      orgno = this.numbers.orgnoOf(order.clientOrderId);
    }
    if (orgno === undefined) {
      // A cancel must name the branch that numbered the order (after a restart: ask KIS).
      const row = await this.api
        .orderRow(odno, order.createdAt)
        .catch((error: unknown) => asVenueError(this.venue, error));
      if (row instanceof Error)
        return {
          status: 'rejected',
          reason: `kis: cancel not sent, order lookup failed: ${row.message}`,
          code: row.code,
        };
      orgno = row?.ord_gno_brno ?? '';
    }
    try {
      await this.api.cancelOrder(odno, orgno);
      const row = await this.api.orderRow(odno, order.createdAt).catch(() => undefined);
      return { status: 'canceled', report: row === undefined ? undefined : this.observe(row) };
    } catch (error) {
      const failure = asVenueError(this.venue, error);
      if (failure.outcomeUnknown) return { status: 'unknown', reason: failure.message };
      return { status: 'rejected', reason: failure.message, code: failure.code };
    }
  }

  async queryOrder({ order, instrument }: VenueOrderRef): Promise<VenueQueryResult> {
    const id = order.clientOrderId;
    if (this.numbers.stateOf(id) === 'in-flight')
      await this.numbers.waitForNumber(id, this.capabilities.staleRequestMs);
    const odno = this.numbers.odnoOf(id) ?? order.venueOrderId;
    if (odno !== undefined) {
      const row = await this.api.orderRow(odno, order.createdAt);
      if (row === undefined) return { status: 'not-found' };
      this.numbers.known(id, row.odno, row.ord_gno_brno);
      return { status: 'found', report: this.observe(row) };
    }
    // Refused, or given up as never arrived: a later identical order is not this one.
    if (this.numbers.stateOf(id) === 'refused') return { status: 'not-found' };
    const row = await this.matchUnnumbered({ order, instrument });
    if (row !== undefined) {
      this.numbers.known(id, row.odno, row.ord_gno_brno);
      return { status: 'found', report: this.observe(row) };
    }
    const since = this.numbers.unknownSince(id);
    if (since !== undefined && Date.now() - since > this.capabilities.staleRequestMs) this.numbers.refused(id);
    return { status: 'not-found' };
  }

  /** KIS reports cumulative executions per order: fills are the growth observed (see KisFillLedger). */
  async orderFills({ order }: VenueOrderRef, venueOrderId: string): Promise<readonly VenueFill[]> {
    const row = await this.api.orderRow(venueOrderId, order.createdAt);
    if (row === undefined) return [];
    this.observe(row);
    return this.fillsOf(row, order);
  }

  async openOrders(instruments: readonly Instrument[]): Promise<readonly VenueOrderReport[]> {
    const reports: VenueOrderReport[] = [];
    for (const instrument of instruments) {
      const rows = await this.api.orderRows({ PDNO: instrument.symbol, CCLD_DVSN: '02' }, Date.now());
      for (const row of rows) if (row.orgn_odno === '') reports.push(this.observe(row));
    }
    return reports;
  }

  /** Holdings per stock code (`asset` = the 6-digit code) and the cash deposit in KRW. */
  balances(): Promise<readonly VenueBalance[]> {
    return this.api.balances();
  }

  /**
   * KIS trades (`H0STCNT0`) on these stocks as ticks (docs/architecture/venues.md, "Market-data
   * streams"). Resolves once KIS has accepted every registration; at most 41 per session.
   */
  async subscribeTrades(
    instruments: readonly Instrument[],
    onTick: (tick: Tick) => void,
    onStatus?: (status: VenueStreamStatus) => void,
  ): Promise<() => Promise<void>> {
    const stream = new KisTradeStream(
      {
        streamUrl: this.streamUrl,
        approval: this.approval,
        custType: this.options.custType,
        backoff: this.options.streamBackoff,
      },
      instruments,
      onTick,
      onStatus,
    );
    return this.streams.start(stream, () => stream.stop());
  }

  async close(): Promise<void> {
    // Beyond open trade streams, nothing is held but fetch's idle connection pool.
    await this.streams.closeAll();
  }

  // ----------------------------------------------------------------------------------------

  private unsupported(type: OrderType, timeInForce: TimeInForce): string | undefined {
    if (!this.capabilities.orderTypes.includes(type)) return `kis adapter does not send ${type} orders`;
    if (!this.capabilities.timeInForce.includes(timeInForce)) return `kis has no ${timeInForce} time in force`;
    return undefined;
  }

  /**
   * An order of ours KIS never numbered for us (its submit went unanswered, or we restarted
   * before the answer): the earliest order in KIS's list with its code, side, type, quantity and
   * price, placed after we sent it, that no other id of ours holds.
   */
  private async matchUnnumbered({ order, instrument }: VenueOrderRef): Promise<KisOrderRow | undefined> {
    const sentAt = this.numbers.sentAt(order.clientOrderId) ?? order.createdAt;
    const tolerance = this.options.clockToleranceMs ?? 2_000;
    const side = kisSideCode(order.side);
    const dvsn = orderDivision(order.type, order.timeInForce);
    const price = order.type === OrderType.Limit ? Number(formatStep(order.price!, instrument.tickSize)) : 0;
    // Newest first, read back only to when we sent it: one page, however busy the day.
    const rows = await this.api.orderRows(
      { PDNO: instrument.symbol, SLL_BUY_DVSN_CD: side },
      sentAt - tolerance,
      sentAt - tolerance,
    );
    return rows
      .filter(
        (row) =>
          row.orgn_odno === '' &&
          this.numbers.clientOf(row.odno) === undefined &&
          row.sll_buy_dvsn_cd === side &&
          row.ord_dvsn_cd === dvsn &&
          Number(row.ord_qty) === Number(formatStep(order.quantity, instrument.lotSize)) &&
          Number(row.ord_unpr) === price &&
          kstToEpoch(row.ord_dt, row.ord_tmd) >= sentAt - tolerance,
      )
      .sort((a, b) => a.odno.localeCompare(b.odno))[0];
  }

  /** A row as a report with our client order id, its executions recorded in the ledger. */
  private observe(row: KisOrderRow): VenueOrderReport {
    const report = reportFromKis(row, this.numbers.clientOf(row.odno) ?? '');
    this.ledger.observe({
      venueOrderId: row.odno,
      side: sideFromKis(row.sll_buy_dvsn_cd),
      cumulative: report.filledQuantity,
      averagePrice: report.averagePrice ?? 0,
      ts: Date.now(),
    });
    return report;
  }

  private fillsOf(row: KisOrderRow, order: VenueOrderRef['order']): VenueFill[] {
    return this.ledger.fills(
      row.odno,
      sideFromKis(row.sll_buy_dvsn_cd),
      order.clientOrderId,
      order.filledQuantity,
      order.averageFillPrice,
    );
  }
}

/** `ORD_DVSN`: `00` limit, `01` market, `11`/`12` IOC/FOK limit, `13`/`14` IOC/FOK market. */
function orderDivision(type: OrderType, timeInForce: TimeInForce): string {
  const market = type === OrderType.Market;
  if (timeInForce === TimeInForce.IOC) return market ? '13' : '11';
  if (timeInForce === TimeInForce.FOK) return market ? '14' : '12';
  return market ? '01' : '00';
}
