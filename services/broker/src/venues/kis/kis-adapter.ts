import { OrderStatus, OrderType, TimeInForce } from '@tradeforge/core';
import type {
  Instrument,
  VenueAdapter,
  VenueBalance,
  VenueCancelResult,
  VenueCapabilities,
  VenueFill,
  VenueOrderRef,
  VenueOrderReport,
  VenueQueryResult,
  VenueSubmitResult,
} from '@tradeforge/core';
import { asVenueError } from '../shared/venue-error.js';
import { formatStep } from '../shared/venue-format.js';
import { KisFillLedger } from './kis-fill-ledger.js';
import { KIS_COSTS } from './kis-limits.js';
import { kisSideCode, kstDateTime, kstToEpoch, reportFromKis, sideFromKis } from './kis-mapping.js';
import type { KisOrderRow } from './kis-mapping.js';
import { KisOrderNumbers } from './kis-order-numbers.js';
import { KisSession } from './kis-session.js';
import type { KisSessionOptions } from './kis-session.js';

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
}

const ORDER_PATH = '/uapi/domestic-stock/v1/trading/order-cash';
const CANCEL_PATH = '/uapi/domestic-stock/v1/trading/order-rvsecncl';
const ORDERS_PATH = '/uapi/domestic-stock/v1/trading/inquire-daily-ccld';
const BALANCE_PATH = '/uapi/domestic-stock/v1/trading/inquire-balance';

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
  private readonly cano: string;
  private readonly productCode: string;
  private readonly identicalWaitMs: number;

  constructor(private readonly options: KisAdapterOptions) {
    const match = /^(\d{8})-?(\d{2})$/.exec(options.account);
    if (match === null)
      throw new Error(`kis: account must be CANO-ACNT_PRDT_CD (8 and 2 digits), got "${options.account}"`);
    this.cano = match[1]!;
    this.productCode = match[2]!;
    this.session = new KisSession(options);
    this.identicalWaitMs = options.identicalWaitMs ?? 60_000;
    this.capabilities = {
      venue: this.venue,
      orderTypes: [OrderType.Market, OrderType.Limit],
      // KRX orders live for the day: GTC is sent as a day order.
      timeInForce: [TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK],
      clientOrderIds: 'local-map',
      staleRequestMs: options.unknownGraceMs ?? 10_000,
      marketDataStream: false,
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
      const answer = await this.session.request({
        method: 'POST',
        path: ORDER_PATH,
        transaction: order.side === 'BUY' ? 'buy' : 'sell',
        params: {
          ...this.account(),
          PDNO: instrument.symbol,
          ORD_DVSN: dvsn,
          ORD_QTY: quantity,
          ORD_UNPR: price,
          EXCG_ID_DVSN_CD: 'KRX',
        },
        cost: KIS_COSTS.order,
        idempotent: false,
      });
      const output = answer.body['output'] as { KRX_FWDG_ORD_ORGNO: string; ODNO: string; ORD_TMD: string };
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
      const row = await this.findRow(output.ODNO, order.createdAt).catch(() => undefined);
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
      const row = await this.findRow(odno, order.createdAt).catch((error: unknown) => asVenueError(this.venue, error));
      if (row instanceof Error)
        return {
          status: 'rejected',
          reason: `kis: cancel not sent, order lookup failed: ${row.message}`,
          code: row.code,
        };
      orgno = row?.ord_gno_brno ?? '';
    }
    try {
      await this.session.request({
        method: 'POST',
        path: CANCEL_PATH,
        transaction: 'cancel',
        params: {
          ...this.account(),
          KRX_FWDG_ORD_ORGNO: orgno,
          ORGN_ODNO: odno,
          ORD_DVSN: '00',
          RVSE_CNCL_DVSN_CD: '02',
          ORD_QTY: '0',
          ORD_UNPR: '0',
          QTY_ALL_ORD_YN: 'Y',
          EXCG_ID_DVSN_CD: 'KRX',
        },
        cost: KIS_COSTS.cancel,
        // By order number: a repeated cancel is refused (nothing left), never a second effect.
        idempotent: true,
      });
      const row = await this.findRow(odno, order.createdAt).catch(() => undefined);
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
      const row = await this.findRow(odno, order.createdAt);
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
    const row = await this.findRow(venueOrderId, order.createdAt);
    if (row === undefined) return [];
    this.observe(row);
    return this.fillsOf(row, order);
  }

  async openOrders(instruments: readonly Instrument[]): Promise<readonly VenueOrderReport[]> {
    const reports: VenueOrderReport[] = [];
    for (const instrument of instruments) {
      const rows = await this.inquireOrders({ PDNO: instrument.symbol, CCLD_DVSN: '02' }, Date.now());
      for (const row of rows) if (row.orgn_odno === '') reports.push(this.observe(row));
    }
    return reports;
  }

  /** Holdings per stock code (`asset` = the 6-digit code) and the cash deposit in KRW. */
  async balances(): Promise<readonly VenueBalance[]> {
    const { rows, first } = await this.session.inquireAll<{ pdno: string; hldg_qty: string; ord_psbl_qty: string }>({
      method: 'GET',
      path: BALANCE_PATH,
      transaction: 'inquireBalance',
      params: {
        ...this.account(),
        AFHR_FLPR_YN: 'N',
        OFL_YN: '',
        INQR_DVSN: '02',
        UNPR_DVSN: '01',
        FUND_STTL_ICLD_YN: 'N',
        FNCG_AMT_AUTO_RDPT_YN: 'N',
        PRCS_DVSN: '00',
        CTX_AREA_FK100: '',
        CTX_AREA_NK100: '',
      },
      cost: KIS_COSTS.inquireBalance,
      idempotent: true,
    });
    const cash = ((first['output2'] as { dnca_tot_amt?: string }[] | undefined) ?? [])[0];
    return [
      { asset: 'KRW', free: Number(cash?.dnca_tot_amt ?? 0), locked: 0 },
      ...rows.map((h) => ({
        asset: h.pdno,
        free: Number(h.ord_psbl_qty),
        locked: Number(h.hldg_qty) - Number(h.ord_psbl_qty),
      })),
    ];
  }

  async close(): Promise<void> {
    // Nothing held beyond fetch's idle connection pool.
  }

  // ----------------------------------------------------------------------------------------

  private unsupported(type: OrderType, timeInForce: TimeInForce): string | undefined {
    if (!this.capabilities.orderTypes.includes(type)) return `kis adapter does not send ${type} orders`;
    if (!this.capabilities.timeInForce.includes(timeInForce)) return `kis has no ${timeInForce} time in force`;
    return undefined;
  }

  private account(): { CANO: string; ACNT_PRDT_CD: string } {
    return { CANO: this.cano, ACNT_PRDT_CD: this.productCode };
  }

  /**
   * Rows of `inquire-daily-ccld` from the day of `since` (KST) to today. `newestBackTo`: newest
   * first, and no further pages once a page reaches orders older than that time.
   */
  private async inquireOrders(
    filter: Record<string, string>,
    since: number,
    newestBackTo?: number,
  ): Promise<KisOrderRow[]> {
    const olderThan = (row: KisOrderRow) =>
      newestBackTo !== undefined && kstToEpoch(row.ord_dt, row.ord_tmd) < newestBackTo;
    const { rows } = await this.session.inquireAll<KisOrderRow>(
      {
        method: 'GET',
        path: ORDERS_PATH,
        transaction: 'inquireOrders',
        params: {
          ...this.account(),
          INQR_STRT_DT: kstDateTime(Math.min(since, Date.now())).date,
          INQR_END_DT: kstDateTime(Date.now()).date,
          SLL_BUY_DVSN_CD: '00',
          INQR_DVSN: newestBackTo === undefined ? '01' : '00',
          PDNO: '',
          CCLD_DVSN: '00',
          ORD_GNO_BRNO: '',
          ODNO: '',
          INQR_DVSN_3: '00',
          INQR_DVSN_1: '',
          CTX_AREA_FK100: '',
          CTX_AREA_NK100: '',
          EXCG_ID_DVSN_CD: 'KRX',
          ...filter,
        },
        cost: KIS_COSTS.inquireOrders,
        idempotent: true,
      },
      (page) => page.some(olderThan),
    );
    return rows;
  }

  private async findRow(odno: string, since: number): Promise<KisOrderRow | undefined> {
    const rows = await this.inquireOrders({ ODNO: odno }, since);
    return rows.find((row) => row.odno === odno && row.orgn_odno === '');
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
    const rows = await this.inquireOrders(
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
