import type { MockOrder } from '../shared/mock/mock-matching-engine.js';
import { kstDateTime } from './kis-mapping.js';
import type { KisOrderRow } from './kis-mapping.js';

/** A cancel the mock accepted: KIS numbers it as an order of its own, pointing at the original. */
export interface MockKisCancel {
  readonly odno: string;
  readonly original: MockOrder;
  readonly quantity: number;
  readonly ts: number;
}

/** A matching-engine order as a row of KIS's `inquire-daily-ccld`. */
export function kisOrderRow(order: MockOrder, dvsn: string, branch: string): KisOrderRow {
  const { date, time } = kstDateTime(order.createdAt);
  const open = order.status === 'open';
  const remaining = order.quantity - order.executed;
  return {
    ord_dt: date,
    ord_gno_brno: branch,
    odno: String(order.venueOrderId).padStart(10, '0'),
    orgn_odno: '',
    sll_buy_dvsn_cd: order.side === 'SELL' ? '01' : '02',
    pdno: order.symbol,
    ord_qty: String(order.quantity),
    ord_unpr: String(order.price ?? 0),
    ord_tmd: time,
    tot_ccld_qty: String(order.executed),
    avg_prvs: order.executed > 0 ? String(order.quoteExecuted / order.executed) : '0',
    tot_ccld_amt: String(order.quoteExecuted),
    cncl_yn: order.status === 'canceled' ? 'Y' : 'N',
    cncl_cfrm_qty: open || order.status === 'filled' ? '0' : String(remaining),
    rmn_qty: open ? String(remaining) : '0',
    rjct_qty: '0',
    ord_dvsn_cd: dvsn,
  };
}
