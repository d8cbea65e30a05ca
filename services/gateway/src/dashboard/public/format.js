// Number and time formats for the tables and cards, in the browser's locale.

const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signedMoney = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});
const quantity = new Intl.NumberFormat(undefined, { maximumFractionDigits: 8 });
// Small changes in percent keep two significant digits, so +0.0047% does not read as 0.00%.
const percent = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const smallPercent = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 2, signDisplay: 'exceptZero' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** @param {unknown} value */
const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);

/** @param {unknown} value */
export const formatMoney = (value) => (isNumber(value) ? money.format(value) : '—');
/** @param {unknown} value */
export const formatPnl = (value) => (isNumber(value) ? signedMoney.format(value) : '—');
/** @param {unknown} value */
export const formatQuantity = (value) => (isNumber(value) ? quantity.format(value) : '—');
/** @param {unknown} value a percentage, e.g. 1.5 for 1.5% */
export const formatPercent = (value) =>
  isNumber(value) ? `${(Math.abs(value) < 1 ? smallPercent : percent).format(value)}%` : '—';
/** @param {unknown} value epoch milliseconds */
export const formatTime = (value) => (isNumber(value) ? clock.format(new Date(value)) : '—');

/** 'positive' | 'negative' | '' for colouring a PnL cell. @param {unknown} value */
export const pnlClass = (value) => (isNumber(value) && value !== 0 ? (value > 0 ? 'positive' : 'negative') : '');
