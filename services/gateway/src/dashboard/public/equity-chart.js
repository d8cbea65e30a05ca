/* global document */
import { formatMoney, formatTime } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const PAD = { top: 16, right: 16, bottom: 28, left: 84 };

/** @param {string} name @param {Record<string, string | number>} attributes @param {string} [text] */
function svgElement(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A round step (1, 2 or 5 times a power of ten) that cuts `span` into about `count` parts. */
function niceStep(span, count) {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}

/**
 * The y axis: bounds on round numbers with the curve inside, and the grid values between them.
 * A flat curve gets a little room above and below, so it is a line in the middle, not an edge.
 */
function yAxis(values) {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.max(1, Math.abs(max) * 0.001);
  const step = niceStep(span, 4);
  const low = Math.floor((min - span * 0.05) / step) * step;
  const high = Math.ceil((max + span * 0.05) / step) * step;
  const ticks = [];
  for (let value = low; value <= high + step / 2; value += step) ticks.push(value);
  return { low, high, ticks };
}

/**
 * Draws the equity curve into an <svg> at its current size: four labelled grid lines, the area
 * and the line, the first and last time, and the latest value. Redraw on new samples or resize.
 * @param {SVGSVGElement} svg
 * @param {{ ts: number, equity: number }[]} samples in time order
 */
export function renderEquityChart(svg, samples) {
  const width = svg.clientWidth || 600;
  const height = svg.clientHeight || 240;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren();
  svg.dataset.points = String(samples.length);
  if (samples.length === 0) {
    svg.setAttribute('aria-label', 'Equity curve: no data yet');
    svg.append(
      svgElement(
        'text',
        { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-empty' },
        'Waiting for the first account snapshot…',
      ),
    );
    return;
  }

  const { low, high, ticks } = yAxis(samples.map((s) => s.equity));
  const first = samples[0].ts;
  const last = samples.at(-1).ts;
  const innerWidth = width - PAD.left - PAD.right;
  const innerHeight = height - PAD.top - PAD.bottom;
  const x = (ts) => PAD.left + (last === first ? innerWidth : ((ts - first) / (last - first)) * innerWidth);
  const y = (equity) => PAD.top + (1 - (equity - low) / (high - low)) * innerHeight;

  const defs = svgElement('defs', {});
  const gradient = svgElement('linearGradient', { id: 'equity-fill', x1: 0, y1: 0, x2: 0, y2: 1 });
  gradient.append(
    svgElement('stop', { offset: '0%', class: 'chart-fill-top' }),
    svgElement('stop', { offset: '100%', class: 'chart-fill-bottom' }),
  );
  defs.append(gradient);
  svg.append(defs);

  for (const value of ticks) {
    svg.append(
      svgElement('line', { x1: PAD.left, x2: width - PAD.right, y1: y(value), y2: y(value), class: 'chart-grid' }),
      svgElement(
        'text',
        { x: PAD.left - 8, y: y(value) + 4, 'text-anchor': 'end', class: 'chart-label' },
        formatMoney(value),
      ),
    );
  }
  svg.append(
    svgElement('text', { x: PAD.left, y: height - 8, class: 'chart-label' }, formatTime(first)),
    svgElement(
      'text',
      { x: width - PAD.right, y: height - 8, 'text-anchor': 'end', class: 'chart-label' },
      formatTime(last),
    ),
  );

  const points = samples.map((s) => `${x(s.ts).toFixed(1)},${y(s.equity).toFixed(1)}`);
  if (samples.length === 1) points.unshift(`${PAD.left},${y(samples[0].equity).toFixed(1)}`);
  const bottom = (PAD.top + innerHeight).toFixed(1);
  svg.append(
    svgElement('path', {
      d: `M${points[0].split(',')[0]},${bottom} L${points.join(' L')} L${x(last).toFixed(1)},${bottom} Z`,
      fill: 'url(#equity-fill)',
    }),
    svgElement('polyline', { points: points.join(' '), class: 'chart-line' }),
    svgElement('circle', { cx: x(last), cy: y(samples.at(-1).equity), r: 3.5, class: 'chart-dot' }),
  );
  const latest = formatMoney(samples.at(-1).equity);
  svg.setAttribute('aria-label', `Equity curve of ${samples.length} samples; latest ${latest}`);
}
