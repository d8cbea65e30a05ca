import { BarSeries } from './bar-series.js';

export class CsvFormatError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`CSV line ${line}: ${message}`);
    this.name = 'CsvFormatError';
    this.line = line;
  }
}

const TIME_COLUMNS = ['timestamp', 'time', 'date', 'datetime', 'ts', 'open_time'];
const REQUIRED = ['open', 'high', 'low', 'close'] as const;

/**
 * Parses OHLCV text (no file access: the caller reads the file). Needs a header row naming a time
 * column (timestamp, time, date, datetime, ts or open_time) and open, high, low, close; volume is
 * optional. Times may be ISO-8601, epoch seconds or epoch milliseconds. Rows must be in time order.
 * Every problem names its line so the user can fix the file.
 */
export function parseOhlcvCsv(text: string, instrumentId: string): BarSeries {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0)
    throw new CsvFormatError(1, 'file is empty; expected a header like "timestamp,open,high,low,close,volume"');
  const separator = lines[headerIndex]!.includes(';') && !lines[headerIndex]!.includes(',') ? ';' : ',';
  const header = lines[headerIndex]!.split(separator).map((name) => name.trim().toLowerCase().replace(/^"|"$/g, ''));
  const timeColumn = header.findIndex((name) => TIME_COLUMNS.includes(name));
  if (timeColumn < 0)
    throw new CsvFormatError(headerIndex + 1, `no time column; name one of ${TIME_COLUMNS.join(', ')}`);
  const columns = Object.fromEntries(
    REQUIRED.map((name) => {
      const index = header.indexOf(name);
      if (index < 0)
        throw new CsvFormatError(headerIndex + 1, `missing column "${name}"; header has ${header.join(', ')}`);
      return [name, index];
    }),
  ) as Record<(typeof REQUIRED)[number], number>;
  const volumeColumn = header.indexOf('volume');

  const rows: number[][] = [];
  let previousTs = Number.NEGATIVE_INFINITY;
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const lineNumber = i + 1;
    const cells = line.split(separator);
    const ts = parseTime(cells[timeColumn], lineNumber);
    const value = (column: number, name: string): number => {
      const cell = cells[column]?.trim();
      const number = cell === undefined || cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(number)) throw new CsvFormatError(lineNumber, `${name} "${cell ?? ''}" is not a number`);
      return number;
    };
    const open = value(columns.open, 'open');
    const high = value(columns.high, 'high');
    const low = value(columns.low, 'low');
    const close = value(columns.close, 'close');
    const volume = volumeColumn >= 0 ? value(volumeColumn, 'volume') : 0;
    if (low > Math.min(open, close) || high < Math.max(open, close) || low <= 0) {
      throw new CsvFormatError(
        lineNumber,
        `inconsistent bar (open ${open}, high ${high}, low ${low}, close ${close}): need 0 < low <= open, close <= high`,
      );
    }
    if (ts <= previousTs)
      throw new CsvFormatError(
        lineNumber,
        `time ${new Date(ts).toISOString()} is not after the previous row; sort the file by time and remove duplicates`,
      );
    previousTs = ts;
    rows.push([ts, open, high, low, close, volume]);
  }

  const series = BarSeries.empty(instrumentId, rows.length);
  rows.forEach(([ts, open, high, low, close, volume], i) => {
    series.set(i, { ts: ts!, open: open!, high: high!, low: low!, close: close!, volume: volume! });
  });
  return series;
}

function parseTime(cell: string | undefined, lineNumber: number): number {
  const text = cell?.trim().replace(/^"|"$/g, '') ?? '';
  if (/^\d+(\.\d+)?$/.test(text)) {
    const number = Number(text);
    // Below 1e11 it can only be seconds (1e11 ms is 1973; 1e11 s is year 5138).
    return number < 1e11 ? Math.round(number * 1000) : Math.round(number);
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed))
    throw new CsvFormatError(lineNumber, `time "${text}" is neither ISO-8601 nor epoch seconds/milliseconds`);
  return parsed;
}
