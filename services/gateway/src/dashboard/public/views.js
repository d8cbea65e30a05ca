/* global document */
import { fillTime } from './fills.js';
import { formatMoney, formatPercent, formatPnl, formatQuantity, formatTime, pnlClass } from './format.js';
import { renderTable } from './table.js';

/** @param {string} testId */
export const byTestId = (testId) => document.querySelector(`[data-testid="${testId}"]`);

const num = () => 'num';

/** The account cards. @param {any} account an AccountSnapshot */
export function renderAccount(account) {
  const cards = {
    'kpi-equity': [formatMoney(account.equity), ''],
    'kpi-cash': [formatMoney(account.cash), ''],
    'kpi-unrealized': [formatPnl(account.unrealizedPnl), pnlClass(account.unrealizedPnl)],
    'kpi-realized': [formatPnl(account.realizedPnl), pnlClass(account.realizedPnl)],
    'kpi-fees': [formatMoney(account.fees), ''],
  };
  for (const [testId, [text, className]] of Object.entries(cards)) {
    const element = byTestId(testId);
    element.textContent = text;
    element.className = `kpi-value ${className}`.trim();
  }
}

/** @param {any[]} positions */
export function renderPositions(positions) {
  renderTable(
    byTestId('positions-table'),
    positions,
    [
      { text: (p) => p.instrumentId },
      { text: (p) => formatQuantity(p.quantity), className: (p) => `num ${p.quantity < 0 ? 'negative' : ''}` },
      { text: (p) => formatMoney(p.averagePrice), className: num },
      { text: (p) => formatMoney(p.markPrice), className: num },
      { text: (p) => formatPnl(p.unrealizedPnl), className: (p) => `num ${pnlClass(p.unrealizedPnl)}` },
      { text: (p) => formatPnl(p.realizedPnl), className: (p) => `num ${pnlClass(p.realizedPnl)}` },
    ],
    (p) => ({ instrument: p.instrumentId, quantity: String(p.quantity), flat: String(p.quantity === 0) }),
  );
}

/** @param {any[]} orders newest first */
export function renderOrders(orders) {
  renderTable(
    byTestId('orders-table'),
    orders,
    [
      { text: (o) => formatTime(o.createdAt) },
      { text: (o) => o.clientOrderId, className: () => 'mono id', full: true },
      { text: (o) => o.instrumentId },
      { text: (o) => o.side, className: (o) => `side-${String(o.side).toLowerCase()}` },
      { text: (o) => o.orderType ?? o.type ?? '' },
      { text: (o) => formatQuantity(o.quantity), className: num },
      { text: (o) => formatQuantity(o.filledQuantity), className: num },
      { text: (o) => (o.averagePrice ? formatMoney(o.averagePrice) : '—'), className: num },
      { text: (o) => o.status, badge: true },
    ],
    (o) => ({ orderId: o.clientOrderId, status: o.status }),
  );
}

/** @param {any[]} fills newest first */
export function renderFills(fills) {
  renderTable(
    byTestId('fills-table'),
    fills,
    [
      { text: (f) => formatTime(fillTime(f)) },
      { text: (f) => f.clientOrderId, className: () => 'mono id', full: true },
      { text: (f) => f.instrumentId },
      { text: (f) => f.side, className: (f) => `side-${String(f.side).toLowerCase()}` },
      { text: (f) => formatQuantity(f.quantity), className: num },
      { text: (f) => formatMoney(f.price), className: num },
      { text: (f) => formatMoney(f.fee), className: num },
    ],
    (f) => ({ orderId: f.clientOrderId, tradeId: String(f.tradeId ?? f.id) }),
  );
}

/** The trading state in the header and its card; the button for the current state is disabled. */
export function renderTradingState(/** @type {{ state: string, reason?: string }} */ { state, reason }) {
  const badge = byTestId('trading-state-badge');
  badge.hidden = false;
  badge.dataset.state = state;
  byTestId('trading-state').textContent = state;
  const value = byTestId('trading-state-value');
  value.textContent = state;
  value.dataset.state = state;
  byTestId('trading-state-reason').textContent = reason ? `— ${reason}` : '';
  for (const button of document.querySelectorAll('[data-state-target]')) {
    button.disabled = button.dataset.stateTarget === state;
  }
}

const CONNECTION_TEXT = { idle: 'Not connected', connecting: 'Connecting…', open: 'Live', closed: 'Reconnecting…' };

/** @param {'idle' | 'connecting' | 'open' | 'closed'} state */
export function renderConnection(state) {
  const element = byTestId('connection-status');
  element.dataset.state = state;
  element.querySelector('.connection-text').textContent = CONNECTION_TEXT[state];
}

/** Equity now against the first sample the chart shows, e.g. "+316.85 (+0.032%) since 12:40:49". */
export function renderEquityChange(/** @type {{ ts: number, equity: number }[]} */ samples) {
  const element = byTestId('equity-change');
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || first === last) {
    element.textContent = '';
    return;
  }
  const change = last.equity - first.equity;
  const percent = first.equity === 0 ? 0 : (change / first.equity) * 100;
  element.textContent = `${formatPnl(change)} (${formatPercent(percent)}) since ${formatTime(first.ts)}`;
  element.className = `equity-change ${pnlClass(change)}`.trim();
}
