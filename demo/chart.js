// Hand-drawn SVG chart of a result: the first numeric column (y) against the first other column (x).
// Bars for up to 40 rows, a line above that (first 2,000 rows). Labels are set with textContent.
import { el } from './dom.js';
import { cellText, isNumericColumn } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_POINTS = 2000;
const MAX_BARS = 40;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Which columns a chart of `columns` would use: `{ y, x }` indexes, or undefined without a numeric column. */
export function chartColumns(columns) {
  const y = columns.findIndex(isNumericColumn);
  if (y < 0) return undefined;
  const x = columns.findIndex((_, i) => i !== y);
  return { y, x };
}

/** A number for plotting (display only; the grid keeps exact values). */
function toNumber(v) {
  if (v === null || v === undefined) return NaN;
  return typeof v === 'bigint' ? Number(v) : Number(v);
}

/** Short axis-tick text for a number. */
function tick(n) {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${(n / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${(n / 1e3).toPrecision(3)}k`;
  return String(Number(n.toPrecision(3)));
}

/** Renders the chart of `store` into `container` (replacing its content). */
export function renderChart(container, store) {
  container.replaceChildren();
  const pick = chartColumns(store.columns);
  if (!pick) {
    container.append(el('p', { class: 'chart-empty', text: 'No numeric column to chart.' }));
    return;
  }
  const n = Math.min(store.count, MAX_POINTS);
  const points = [];
  for (let i = 0; i < n; i++) {
    const row = store.row(i);
    const y = toNumber(store.value(row, pick.y));
    const label = pick.x >= 0 ? cellText(store.value(row, pick.x)).text : String(i + 1);
    if (Number.isFinite(y)) points.push({ y, label });
  }
  if (points.length === 0) {
    container.append(el('p', { class: 'chart-empty', text: 'No numeric values to chart.' }));
    return;
  }
  const bars = points.length <= MAX_BARS;
  const W = 900;
  const H = 380;
  const m = { l: 64, r: 16, t: 16, b: 92 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  let lo = Math.min(0, ...points.map((p) => p.y));
  let hi = Math.max(0, ...points.map((p) => p.y));
  if (hi === lo) hi = lo + 1;
  const yPos = (v) => m.t + ph - ((v - lo) / (hi - lo)) * ph;
  const yName = store.columns[pick.y].name;
  const xName = pick.x >= 0 ? store.columns[pick.x].name : 'row';
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img' });
  root.append(svg('title', {}, `${yName} by ${xName}${store.count > n ? ` (first ${n} rows)` : ''}`));
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    const y = yPos(v);
    root.append(svg('line', { x1: m.l, x2: W - m.r, y1: y, y2: y, class: 'chart-grid' }));
    root.append(svg('text', { x: m.l - 8, y: y + 4, 'text-anchor': 'end', class: 'chart-tick' }, tick(v)));
  }
  root.append(svg('line', { x1: m.l, x2: W - m.r, y1: yPos(0), y2: yPos(0), class: 'chart-axis' }));
  const step = pw / points.length;
  const labelEvery = Math.max(1, Math.ceil(points.length / 12));
  if (bars) {
    points.forEach((p, i) => {
      const x = m.l + i * step + step * 0.15;
      const y0 = yPos(0);
      const y1 = yPos(p.y);
      const bar = svg('rect', { x, y: Math.min(y0, y1), width: step * 0.7, height: Math.max(1, Math.abs(y1 - y0)), class: 'chart-bar' });
      bar.append(svg('title', {}, `${p.label}: ${p.y}`));
      root.append(bar);
    });
  } else {
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${(m.l + (i + 0.5) * step).toFixed(1)},${yPos(p.y).toFixed(1)}`).join('');
    root.append(svg('path', { d, class: 'chart-line' }));
  }
  points.forEach((p, i) => {
    if (i % labelEvery !== 0) return;
    const x = m.l + (i + 0.5) * step;
    const text = p.label.length > 16 ? `${p.label.slice(0, 15)}…` : p.label;
    root.append(svg('text', { x, y: H - m.b + 14, 'text-anchor': 'end', transform: `rotate(-35 ${x} ${H - m.b + 14})`, class: 'chart-tick' }, text));
  });
  root.append(svg('text', { x: m.l + pw / 2, y: H - 6, 'text-anchor': 'middle', class: 'chart-label' }, xName));
  root.append(svg('text', { x: 14, y: m.t + ph / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${m.t + ph / 2})`, class: 'chart-label' }, yName));
  container.append(
    el('p', { class: 'chart-caption', text: `${bars ? 'Bar' : 'Line'} chart: ${yName} by ${xName}${store.count > n ? ` — first ${n.toLocaleString('en-US')} rows` : ''}` }),
    root,
  );
}
