export interface ChartOptions {
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
  readonly color: string;
  /** Fill the area between the line and zero (for drawdowns). */
  readonly fillToZero?: boolean;
  readonly formatValue: (value: number) => string;
}

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A line chart as inline SVG (no scripts, no CDN). Long series are reduced to the minimum and
 * maximum of each pixel column, so a million points draw as a few thousand without hiding spikes.
 */
export function renderLineChart(times: Float64Array, values: Float64Array, options: ChartOptions): string {
  const width = options.width ?? 960;
  const height = options.height ?? 260;
  const pad = { left: 78, right: 16, top: 28, bottom: 28 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const n = values.length;
  if (n === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="40"><text x="8" y="24">${escapeXml(options.title)}: no data</text></svg>`;

  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (options.fillToZero) {
    min = Math.min(min, 0);
    max = Math.max(max, 0);
  }
  if (max === min) {
    max += 1;
    min -= 1;
  }
  const y = (v: number): number => pad.top + ((max - v) / (max - min)) * plotH;
  const x = (column: number): number => pad.left + column;

  const columns = Math.min(plotW, n);
  const points: string[] = [];
  for (let c = 0; c < columns; c++) {
    const start = Math.floor((c * n) / columns);
    const end = Math.max(start + 1, Math.floor(((c + 1) * n) / columns));
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let loAt = start;
    let hiAt = start;
    for (let i = start; i < end; i++) {
      const v = values[i]!;
      if (v < lo) {
        lo = v;
        loAt = i;
      }
      if (v > hi) {
        hi = v;
        hiAt = i;
      }
    }
    const px = x((c * plotW) / columns).toFixed(1);
    // Keep the time order of the extremes so the line does not zig-zag backwards.
    const pair = loAt <= hiAt ? [lo, hi] : [hi, lo];
    for (const v of pair) points.push(`${px},${y(v).toFixed(1)}`);
  }
  const line = points.join(' ');
  const area = options.fillToZero
    ? `<polygon points="${x(0).toFixed(1)},${y(0).toFixed(1)} ${line} ${x(((columns - 1) * plotW) / columns).toFixed(1)},${y(0).toFixed(1)}" fill="${options.color}" fill-opacity="0.25" stroke="none"/>`
    : '';
  const ticks = [max, (max + min) / 2, min]
    .map(
      (v) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/><text x="${pad.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${escapeXml(options.formatValue(v))}</text>`,
    )
    .join('');
  const date = (ts: number | undefined): string => (ts === undefined ? '' : new Date(ts).toISOString().slice(0, 10));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(options.title)}" font-family="system-ui, sans-serif" font-size="11">`,
    `<text x="${pad.left}" y="16" font-size="13" font-weight="600">${escapeXml(options.title)}</text>`,
    ticks,
    area,
    `<polyline points="${line}" fill="none" stroke="${options.color}" stroke-width="1.2"/>`,
    `<text x="${pad.left}" y="${height - 8}">${date(times[0])}</text>`,
    `<text x="${width - pad.right}" y="${height - 8}" text-anchor="end">${date(times[times.length - 1])}</text>`,
    '</svg>',
  ].join('');
}
