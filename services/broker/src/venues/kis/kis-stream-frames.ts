import { kstToEpoch } from './kis-mapping.js';

/*
 * KIS real-time frames (WebSocket `ws://ops.koreainvestment.com:21000`, paper `:31000`), as the
 * KIS API portal documents 국내주식 실시간체결가 (KRX) [실시간-003], tr_id `H0STCNT0`.
 */

/** Domestic stock trades (실시간체결가), KRX. */
export const KIS_TRADE_TR_ID = 'H0STCNT0';

/** Registrations one WebSocket session may hold, across every tr_id (KIS: 41). */
export const KIS_STREAM_MAX_REGISTRATIONS = 41;

/**
 * Fields of one `H0STCNT0` record, in the order KIS sends them (46 per record, `^`-separated).
 * We read four: the code, the trade time, the price and the trade's volume; `BSOP_DATE` dates it.
 */
export const H0STCNT0_FIELDS = [
  'MKSC_SHRN_ISCD', // 0 stock code (6 digits)
  'STCK_CNTG_HOUR', // 1 trade time HHMMSS, KST
  'STCK_PRPR', // 2 price (the trade's)
  'PRDY_VRSS_SIGN',
  'PRDY_VRSS',
  'PRDY_CTRT',
  'WGHN_AVRG_STCK_PRC',
  'STCK_OPRC',
  'STCK_HGPR',
  'STCK_LWPR',
  'ASKP1',
  'BIDP1',
  'CNTG_VOL', // 12 this trade's volume (shares)
  'ACML_VOL', // 13 volume so far today
  'ACML_TR_PBMN',
  'SELN_CNTG_CSNU',
  'SHNU_CNTG_CSNU',
  'NTBY_CNTG_CSNU',
  'CTTR',
  'SELN_CNTG_SMTN',
  'SHNU_CNTG_SMTN',
  'CCLD_DVSN',
  'SHNU_RATE',
  'PRDY_VOL_VRSS_ACML_VOL_RATE',
  'OPRC_HOUR',
  'OPRC_VRSS_PRPR_SIGN',
  'OPRC_VRSS_PRPR',
  'HGPR_HOUR',
  'HGPR_VRSS_PRPR_SIGN',
  'HGPR_VRSS_PRPR',
  'LWPR_HOUR',
  'LWPR_VRSS_PRPR_SIGN',
  'LWPR_VRSS_PRPR',
  'BSOP_DATE', // 33 business date YYYYMMDD
  'NEW_MKOP_CLS_CODE',
  'TRHT_YN',
  'ASKP_RSQN1',
  'BIDP_RSQN1',
  'TOTAL_ASKP_RSQN',
  'TOTAL_BIDP_RSQN',
  'VOL_TNRT',
  'PRDY_SMNS_HOUR_ACML_VOL',
  'PRDY_SMNS_HOUR_ACML_VOL_RATE',
  'HOUR_CLS_CODE',
  'MRKT_TRTM_CLS_CODE',
  'VI_STND_PRC',
] as const;

const FIELD = { code: 0, time: 1, price: 2, volume: 12, date: 33 } as const;

/** One trade as KIS streamed it. */
export interface KisStreamTrade {
  readonly code: string;
  readonly price: number;
  readonly volume: number;
  /**
   * The trade's time: `BSOP_DATE` + `STCK_CNTG_HOUR` in KST → epoch ms. KIS sends whole seconds,
   * so trades within a second share a timestamp.
   */
  readonly ts: number;
}

/** What a text frame is. */
export type KisStreamFrame =
  | { readonly kind: 'trades'; readonly trades: readonly KisStreamTrade[] }
  /** `{"header":{"tr_id":"PINGPONG",..}}`: must be sent back unchanged. */
  | { readonly kind: 'pingpong' }
  /** The answer to a (un)subscription. */
  | { readonly kind: 'ack'; readonly ack: KisStreamAck }
  /** Readable but not for us (another tr_id, encrypted data): skipped, not an error. */
  | { readonly kind: 'other' };

/** `{"header":{"tr_id","tr_key"},"body":{"rt_cd","msg_cd","msg1"}}` */
export interface KisStreamAck {
  readonly trId: string;
  readonly trKey: string;
  readonly ok: boolean;
  readonly msgCode: string;
  readonly message: string;
}

/** KIS's answer codes to a registration (`msg_cd`). */
export const KIS_STREAM_CODES = {
  subscribed: 'OPSP0000',
  unsubscribed: 'OPSP0001',
  alreadySubscribed: 'OPSP0002',
  notSubscribed: 'OPSP0003',
  overLimit: 'OPSP0008',
  invalidApproval: 'OPSP0011',
} as const;

/**
 * Reads one text frame. Data frames are `<encrypted 0|1>|<tr_id>|<count>|<fields>`, where a
 * frame may carry `<count>` records back to back (46 fields each). Throws on anything malformed
 * (the socket's handler counts and skips it).
 */
export function parseKisFrame(text: string): KisStreamFrame {
  if (text.startsWith('{')) return parseJsonFrame(text);
  const parts = text.split('|');
  if (parts.length !== 4) throw new Error(`kis stream: ${parts.length} |-parts, expected 4`);
  const [encrypted, trId, countText, data] = parts as [string, string, string, string];
  // Encrypted frames are for account notices (체결통보), which this adapter does not subscribe to.
  if (encrypted !== '0' || trId !== KIS_TRADE_TR_ID) return { kind: 'other' };
  const count = Number(countText);
  const fields = data.split('^');
  const width = H0STCNT0_FIELDS.length;
  if (!Number.isInteger(count) || count < 1 || fields.length !== count * width)
    throw new Error(`kis stream: ${fields.length} fields for ${countText} records of ${width}`);
  const trades: KisStreamTrade[] = [];
  for (let record = 0; record < count; record++) {
    const at = (field: number): string => fields[record * width + field]!;
    const price = Number(at(FIELD.price));
    const volume = Number(at(FIELD.volume));
    const date = at(FIELD.date);
    const time = at(FIELD.time);
    if (!/^\d{6}$/.test(at(FIELD.code)) || !(price > 0) || !(volume > 0))
      throw new Error(`kis stream: record ${record} has no code, price or volume`);
    if (!/^\d{8}$/.test(date) || !/^\d{6}$/.test(time))
      throw new Error(`kis stream: record ${record} has no date or time`);
    trades.push({ code: at(FIELD.code), price, volume, ts: kstToEpoch(date, time) });
  }
  return { kind: 'trades', trades };
}

function parseJsonFrame(text: string): KisStreamFrame {
  const frame = JSON.parse(text) as {
    header?: { tr_id?: unknown; tr_key?: unknown };
    body?: { rt_cd?: unknown; msg_cd?: unknown; msg1?: unknown };
  };
  const trId = frame.header?.tr_id;
  if (typeof trId !== 'string') throw new Error('kis stream: a JSON frame without header.tr_id');
  if (trId === 'PINGPONG') return { kind: 'pingpong' };
  if (frame.body === undefined) return { kind: 'other' };
  return {
    kind: 'ack',
    ack: {
      trId,
      trKey: String(frame.header?.tr_key ?? ''),
      ok: frame.body.rt_cd === '0',
      msgCode: String(frame.body.msg_cd ?? ''),
      message: String(frame.body.msg1 ?? ''),
    },
  };
}

/** A (un)registration message: `tr_type` `1` registers, `2` releases. */
export function kisRegistration(approvalKey: string, code: string, register: boolean, custType = 'P'): string {
  return JSON.stringify({
    header: { approval_key: approvalKey, custtype: custType, tr_type: register ? '1' : '2', 'content-type': 'utf-8' },
    body: { input: { tr_id: KIS_TRADE_TR_ID, tr_key: code } },
  });
}

/** One record's 46 fields as KIS would send them (the mock venue and tests build frames with it). */
export function kisTradeRecord(trade: {
  code: string;
  date: string;
  time: string;
  price: number;
  volume: number;
  cumulativeVolume: number;
}): string {
  const fields: string[] = H0STCNT0_FIELDS.map(() => '0');
  fields[FIELD.code] = trade.code;
  fields[FIELD.time] = trade.time;
  fields[FIELD.price] = String(trade.price);
  fields[FIELD.volume] = String(trade.volume);
  fields[13] = String(trade.cumulativeVolume);
  fields[FIELD.date] = trade.date;
  return fields.join('^');
}

/** A data frame carrying these records back to back. */
export function kisTradeFrame(records: readonly string[]): string {
  return `0|${KIS_TRADE_TR_ID}|${String(records.length).padStart(3, '0')}|${records.join('^')}`;
}
