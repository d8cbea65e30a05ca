/* global window */
import { createApi } from './api.js';
import { renderEquityChart } from './equity-chart.js';
import { createEquitySamples } from './equity-samples.js';
import { clearError, showError } from './error-banner.js';
import { createFills } from './fills.js';
import { bindOrderForm } from './order-form.js';
import { createOrders } from './orders.js';
import { clearToken, readToken, saveToken } from './session.js';
import { connectStream } from './stream.js';
import { bindTradingControls } from './trading-controls.js';
import * as view from './views.js';

// The page's wiring: sign in, load every panel once over REST, then keep them current from the
// stream. The modules it imports each do one job (talk to the API, keep a list, draw a panel).

const ROWS = 25;
const orders = createOrders(ROWS);
const fills = createFills(ROWS);
const equity = createEquitySamples(2_000);
/** @type {Map<string, any>} positions by instrument */
let positions = new Map();
/** @type {string | undefined} */
let token;
/** @type {{ close: () => void } | undefined} */
let stream;

const api = createApi(
  () => token ?? '',
  (error) => signOut(error),
);
const chart = view.byTestId('equity-chart');
const drawEquity = () => {
  renderEquityChart(chart, equity.list());
  view.renderEquityChange(equity.list());
};

function renderPositionsAndInstruments() {
  view.renderPositions([...positions.values()].sort((a, b) => a.instrumentId.localeCompare(b.instrumentId)));
  const instruments = new Set(['BTCUSDT.paper', ...positions.keys(), ...orders.list().map((o) => o.instrumentId)]);
  const list = window.document.getElementById('instrument-list');
  list.replaceChildren(
    ...[...instruments].map((id) => Object.assign(window.document.createElement('option'), { value: id })),
  );
}

/** @param {any} account */
function applyAccount(account) {
  view.renderAccount(account);
  positions = new Map((account.positions ?? []).map((p) => [p.instrumentId, p]));
  renderPositionsAndInstruments();
  if (typeof account.ts === 'number' && typeof account.equity === 'number') equity.add(account.ts, account.equity);
  drawEquity();
}

async function loadAll() {
  const [account, samples, orderList, fillList, state] = await Promise.all([
    api.get('/account'),
    api.get('/equity'),
    api.get(`/orders?limit=${ROWS}`),
    api.get(`/fills?limit=${ROWS}`),
    api.get('/trading-state'),
  ]);
  equity.merge(samples ?? []);
  applyAccount(account);
  orders.merge(orderList ?? []);
  view.renderOrders(orders.list());
  fills.merge(fillList ?? []);
  view.renderFills(fills.list());
  view.renderTradingState(state);
}

/** Several order events in a burst cost one fetch: the list is read again shortly after them. */
let ordersRefresh;
function refreshOrdersSoon() {
  if (ordersRefresh) return;
  ordersRefresh = setTimeout(async () => {
    ordersRefresh = undefined;
    try {
      orders.merge(await api.get(`/orders?limit=${ROWS}`));
      view.renderOrders(orders.list());
    } catch (error) {
      if (error.status !== 401) showError(error);
    }
  }, 250);
}

/** @param {{ type: string, data: any }} message */
function onStreamMessage({ type, data }) {
  switch (type) {
    case 'order':
      orders.applyEvent(data);
      view.renderOrders(orders.list());
      refreshOrdersSoon();
      break;
    case 'fill':
      fills.add(data);
      view.renderFills(fills.list());
      orders.applyEvent(data); // a fill is an order.filled event: the order row moves on too
      view.renderOrders(orders.list());
      break;
    case 'position':
      positions.set(data.instrumentId, data);
      renderPositionsAndInstruments();
      break;
    case 'account':
      applyAccount(data);
      break;
    case 'trading-state':
      view.renderTradingState(data);
      break;
  }
}

/** @param {string} newToken */
async function signIn(newToken) {
  token = newToken;
  try {
    await loadAll();
  } catch (error) {
    if (error.status !== 401) showError(error);
    if (!token) return; // the 401 handler signed out already
  }
  saveToken(newToken);
  view.byTestId('login').hidden = true;
  view.byTestId('dashboard').hidden = false;
  view.byTestId('sign-out').hidden = false;
  drawEquity();
  let wasClosed = false;
  stream = connectStream(newToken, {
    onMessage: onStreamMessage,
    onStatus: (state) => {
      view.renderConnection(state);
      if (state === 'closed') wasClosed = true;
      // Whatever happened while the stream was down is read again over REST.
      if (state === 'open' && wasClosed) loadAll().catch((error) => error.status !== 401 && showError(error));
    },
  });
}

/** @param {{ title?: string, detail?: string }} [reason] shown on the sign-in form when given */
function signOut(reason) {
  token = undefined;
  stream?.close();
  stream = undefined;
  clearToken();
  view.renderConnection('idle');
  view.byTestId('dashboard').hidden = true;
  view.byTestId('sign-out').hidden = true;
  view.byTestId('trading-state-badge').hidden = true;
  view.byTestId('login').hidden = false;
  if (reason)
    showError({ title: reason.title ?? 'Signed out', detail: reason.detail ?? 'Sign in with a valid token.' });
}

view.byTestId('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = view.byTestId('token-input');
  const value = input.value.trim();
  if (!value) return;
  clearError();
  input.value = '';
  void signIn(value);
});
view.byTestId('sign-out').addEventListener('click', () => signOut());
window.addEventListener('resize', drawEquity);

const onError = (error) => {
  if (error.status !== 401) showError(error);
};
bindTradingControls(api, { onChanged: view.renderTradingState, onError });
bindOrderForm(view.byTestId('order-form'), api, {
  onPlaced: (order) => {
    clearError();
    orders.merge([order]);
    view.renderOrders(orders.list());
  },
  onError,
  onResult: (text) => (view.byTestId('order-result').textContent = text),
});

const initial = readToken();
if (initial) void signIn(initial);
else view.byTestId('token-input').focus();
