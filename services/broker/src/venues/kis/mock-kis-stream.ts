import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { MockRequest, MockResponse } from '../shared/mock/mock-http-server.js';
import { kstDateTime } from './kis-mapping.js';
import {
  KIS_STREAM_CODES,
  KIS_STREAM_MAX_REGISTRATIONS,
  KIS_TRADE_TR_ID,
  kisTradeFrame,
  kisTradeRecord,
} from './kis-stream-frames.js';

export interface MockKisStreamOptions {
  readonly appKey: string;
  readonly appSecret: string;
  /** How often the server sends PINGPONG. @default 5000 */
  readonly pingIntervalMs?: number;
  /** Registrations per session. @default 41 (KIS) */
  readonly maxRegistrations?: number;
}

/** A trade the mock publishes. */
export interface MockKisPrint {
  readonly price: number;
  readonly volume: number;
  readonly ts: number;
}

interface Session {
  readonly socket: WebSocket;
  readonly codes: Set<string>;
}

/**
 * KIS's real-time side for the mock venue, on the venue's own port: `POST /oauth2/Approval`
 * (app key and secret checked, the secret under KIS's `secretkey` name), and a WebSocket server
 * that answers registrations as KIS does (`OPSP0000` success, `OPSP0002` already registered,
 * `OPSP0008` past 41 per session, `OPSP0011` unknown approval key), sends PINGPONG, publishes
 * `H0STCNT0` frames to the sessions registered for a code, and drops every session on demand.
 */
export class MockKisStream {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  private readonly approvalKeys = new Set<string>();
  private readonly cumulative = new Map<string, number>();
  private readonly ping: NodeJS.Timeout;
  private readonly onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.connected(ws));
  };
  approvalsIssued = 0;
  approvalFailures = 0;
  /** PINGPONG frames clients sent back. */
  pongs = 0;
  /** Registration messages received, by `tr_type`. */
  registrations = 0;
  releases = 0;
  /** Sessions ever opened. */
  connections = 0;

  constructor(
    private readonly server: http.Server,
    private readonly options: MockKisStreamOptions,
  ) {
    server.on('upgrade', this.onUpgrade);
    this.ping = setInterval(() => this.sendPing(), options.pingIntervalMs ?? 5_000);
    this.ping.unref();
  }

  /** Sessions open now. */
  get openSessions(): number {
    return this.sessions.size;
  }

  /** `POST /oauth2/Approval` `{grant_type, appkey, secretkey}` → `{approval_key}`. */
  approve(request: MockRequest): MockResponse {
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(request.rawBody) as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    const refuse = (code: string, description: string): MockResponse => {
      this.approvalFailures += 1;
      return { status: 403, body: { error_code: code, error_description: description } };
    };
    if (body?.['grant_type'] !== 'client_credentials')
      return refuse('MOCK-GRANT_TYPE', 'grant_type must be client_credentials');
    if (body['appkey'] !== this.options.appKey) return refuse('EGW00103', '유효하지 않은 AppKey입니다.');
    if (body['secretkey'] !== this.options.appSecret) return refuse('EGW00105', '유효하지 않은 AppSecret입니다.');
    const key = randomBytes(18).toString('hex');
    this.approvalKeys.add(key);
    this.approvalsIssued += 1;
    return { status: 200, body: { approval_key: key } };
  }

  /** Every approval key issued so far stops being valid (the next registration gets `OPSP0011`). */
  revokeApprovalKeys(): void {
    this.approvalKeys.clear();
  }

  /** Trades of one code, in one frame (`count` records back to back) to each registered session. */
  publish(code: string, prints: readonly MockKisPrint[]): void {
    if (prints.length === 0) return;
    const records = prints.map((print) => {
      const cumulative = (this.cumulative.get(code) ?? 0) + print.volume;
      this.cumulative.set(code, cumulative);
      const { date, time } = kstDateTime(print.ts);
      return kisTradeRecord({
        code,
        date,
        time,
        price: print.price,
        volume: print.volume,
        cumulativeVolume: cumulative,
      });
    });
    const frame = kisTradeFrame(records);
    for (const session of this.sessions) if (session.codes.has(code)) session.socket.send(frame);
  }

  /** Any text to every session (tests: malformed frames). */
  broadcastRaw(text: string): void {
    for (const session of this.sessions) session.socket.send(text);
  }

  /** Fault switch: every session's connection is cut without a close handshake. */
  dropConnections(): void {
    for (const session of this.sessions) session.socket.terminate();
  }

  /** Sends PINGPONG now (the timer does it every `pingIntervalMs`). */
  sendPing(): void {
    const { date, time } = kstDateTime(Date.now());
    this.broadcastRaw(JSON.stringify({ header: { tr_id: 'PINGPONG', datetime: `${date}${time}` } }));
  }

  async close(): Promise<void> {
    clearInterval(this.ping);
    this.server.off('upgrade', this.onUpgrade);
    for (const session of this.sessions) session.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private connected(socket: WebSocket): void {
    const session: Session = { socket, codes: new Set() };
    this.sessions.add(session);
    this.connections += 1;
    socket.on('close', () => this.sessions.delete(session));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.message(session, data.toString());
    });
  }

  private message(session: Session, text: string): void {
    let message: {
      header?: { tr_id?: unknown; approval_key?: unknown; tr_type?: unknown };
      body?: { input?: { tr_id?: unknown; tr_key?: unknown } };
    };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return this.answer(session, '', '', '9', 'MOCK-JSON', 'JSON PARSING ERROR');
    }
    if (message.header?.tr_id === 'PINGPONG') {
      this.pongs += 1;
      return;
    }
    const trId = String(message.body?.input?.tr_id ?? '');
    const code = String(message.body?.input?.tr_key ?? '');
    if (typeof message.header?.approval_key !== 'string' || !this.approvalKeys.has(message.header.approval_key))
      return this.answer(session, trId, code, '1', KIS_STREAM_CODES.invalidApproval, 'invalid approval : NOT FOUND');
    if (trId !== KIS_TRADE_TR_ID)
      return this.answer(session, trId, code, '1', 'MOCK-TR_ID', `this mock streams ${KIS_TRADE_TR_ID} only`);
    if (message.header.tr_type === '2') {
      this.releases += 1;
      if (!session.codes.delete(code))
        return this.answer(session, trId, code, '1', KIS_STREAM_CODES.notSubscribed, 'UNSUBSCRIBE ERROR(not found!)');
      return this.answer(session, trId, code, '0', KIS_STREAM_CODES.unsubscribed, 'UNSUBSCRIBE SUCCESS');
    }
    if (message.header.tr_type !== '1')
      return this.answer(session, trId, code, '1', 'MOCK-TR_TYPE', 'tr_type must be 1 or 2');
    this.registrations += 1;
    if (session.codes.has(code))
      return this.answer(session, trId, code, '1', KIS_STREAM_CODES.alreadySubscribed, 'ALREADY IN SUBSCRIBE');
    if (session.codes.size >= (this.options.maxRegistrations ?? KIS_STREAM_MAX_REGISTRATIONS))
      return this.answer(session, trId, code, '1', KIS_STREAM_CODES.overLimit, 'MAX SUBSCRIBE OVER');
    session.codes.add(code);
    this.answer(session, trId, code, '0', KIS_STREAM_CODES.subscribed, 'SUBSCRIBE SUCCESS');
  }

  private answer(session: Session, trId: string, code: string, rtCd: string, msgCd: string, msg1: string): void {
    session.socket.send(
      JSON.stringify({
        header: { tr_id: trId, tr_key: code, encrypt: 'N' },
        body: { rt_cd: rtCd, msg_cd: msgCd, msg1, ...(rtCd === '0' ? { output: { iv: '', key: '' } } : {}) },
      }),
    );
  }
}
