import type { VenueBalance } from '@tradeforge/core';
import { KIS_COSTS } from './kis-limits.js';
import { kstDateTime, kstToEpoch } from './kis-mapping.js';
import type { KisOrderRow } from './kis-mapping.js';
import type { KisSession } from './kis-session.js';

const ORDER_PATH = '/uapi/domestic-stock/v1/trading/order-cash';
const CANCEL_PATH = '/uapi/domestic-stock/v1/trading/order-rvsecncl';
const ORDERS_PATH = '/uapi/domestic-stock/v1/trading/inquire-daily-ccld';
const BALANCE_PATH = '/uapi/domestic-stock/v1/trading/inquire-balance';

/** KIS's answer to a cash order or a cancel: the number it gave the request. */
export interface KisOrderAck {
  readonly KRX_FWDG_ORD_ORGNO: string;
  readonly ODNO: string;
  readonly ORD_TMD: string;
}

/** A cash order as KIS takes it (values already formatted as KIS wants them). */
export interface KisCashOrder {
  readonly side: 'BUY' | 'SELL';
  readonly code: string;
  /** `ORD_DVSN`: `00` limit, `01` market, `11`–`14` IOC/FOK. */
  readonly division: string;
  readonly quantity: string;
  /** `0` for market orders. */
  readonly price: string;
}

/**
 * The KIS endpoints one trading account uses, in KIS's request shapes (upper-case keys, string
 * values, the account on every call): cash orders, cancels, the daily order list and the
 * balance. What the answers mean is the adapter's business.
 */
export class KisAccountApi {
  private readonly cano: string;
  private readonly productCode: string;

  constructor(
    private readonly session: KisSession,
    /** `CANO-ACNT_PRDT_CD`: 8 digits, a dash, 2 digits. */
    account: string,
  ) {
    const match = /^(\d{8})-?(\d{2})$/.exec(account);
    if (match === null) throw new Error(`kis: account must be CANO-ACNT_PRDT_CD (8 and 2 digits), got "${account}"`);
    this.cano = match[1]!;
    this.productCode = match[2]!;
  }

  /** `order-cash`; never retried (a submit is resolved by query when unanswered). */
  async placeCashOrder(order: KisCashOrder): Promise<KisOrderAck> {
    const answer = await this.session.request({
      method: 'POST',
      path: ORDER_PATH,
      transaction: order.side === 'BUY' ? 'buy' : 'sell',
      params: {
        ...this.account(),
        PDNO: order.code,
        ORD_DVSN: order.division,
        ORD_QTY: order.quantity,
        ORD_UNPR: order.price,
        EXCG_ID_DVSN_CD: 'KRX',
      },
      cost: KIS_COSTS.order,
      idempotent: false,
    });
    return answer.body['output'] as KisOrderAck;
  }

  /** `order-rvsecncl` with `RVSE_CNCL_DVSN_CD` `02`: cancels all that remains of `odno`. */
  async cancelOrder(odno: string, branch: string): Promise<KisOrderAck> {
    const answer = await this.session.request({
      method: 'POST',
      path: CANCEL_PATH,
      transaction: 'cancel',
      params: {
        ...this.account(),
        KRX_FWDG_ORD_ORGNO: branch,
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
    return answer.body['output'] as KisOrderAck;
  }

  /**
   * Rows of `inquire-daily-ccld` from the day of `since` (KST) to today. `newestBackTo`: newest
   * first, and no further pages once a page reaches orders older than that time.
   */
  async orderRows(filter: Record<string, string>, since: number, newestBackTo?: number): Promise<KisOrderRow[]> {
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

  /** One order's row by its number (cancels, numbered as orders of their own, excluded). */
  async orderRow(odno: string, since: number): Promise<KisOrderRow | undefined> {
    const rows = await this.orderRows({ ODNO: odno }, since);
    return rows.find((row) => row.odno === odno && row.orgn_odno === '');
  }

  /** Holdings per stock code (`asset` = the 6-digit code) and the cash deposit in KRW. */
  async balances(): Promise<VenueBalance[]> {
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

  private account(): { CANO: string; ACNT_PRDT_CD: string } {
    return { CANO: this.cano, ACNT_PRDT_CD: this.productCode };
  }
}
