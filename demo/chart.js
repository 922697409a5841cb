// Hand-drawn SVG chart of a result: the user picks the x and y columns and the kind (bar, line, scatter); by
// default the first numeric column (y) against the first text column (x), bars for up to 40 rows, a line above
// that (first 2,000 rows). Labels are set with textContent.
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

/**
 * The default chart of `columns`: `{ x, y, kind }` with y the first numeric column and x the first text column (a
 * label against a number), else the first other column (-1: the row number); undefined without a numeric column.
 */
export function chartColumns(columns) {
  const y = columns.findIndex(isNumericColumn);
  if (y < 0) return undefined;
  let x = columns.findIndex((c, i) => i !== y && !isNumericColumn(c));
  if (x < 0) x = columns.findIndex((_, i) => i !== y);
  return { y, x, kind: 'auto' };
}

/** The chart controls: X and Y column and kind; `onChange(choice)` when the user picks another. */
function controls(store, choice, onChange) {
  const select = (label, value, options, key) => {
    const s = el('select', { attrs: { 'aria-label': `Chart ${label === 'Kind' ? 'kind' : `${label} column`}` }, on: { change: () => onChange({ ...choice, [key]: key === 'kind' ? s.value : Number(s.value) }) } },
      ...options.map(([v, text]) => el('option', { value: String(v), text, selected: String(v) === String(value) })));
    return el('label', { class: 'inline' }, `${label} `, s);
  };
  const cols = store.columns.map((c, i) => [i, c.name]);
  return el('div', { class: 'chart-controls' },
    select('X', choice.x, [[-1, '(row number)'], ...cols], 'x'),
    select('Y', choice.y, cols.filter(([i]) => isNumericColumn(store.columns[i])), 'y'),
    select('Kind', choice.kind, [['auto', 'auto'], ['bar', 'bar'], ['line', 'line'], ['scatter', 'scatter']], 'kind'));
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

/**
 * Renders the chart of `store` into `container` (replacing its content): `choice` `{ x, y, kind }` (default
 * {@link chartColumns}); the controls above it call `onChange(choice)` when the user picks other columns or kind.
 */
export function renderChart(container, store, choice = chartColumns(store.columns), onChange = () => {}) {
  container.replaceChildren();
  const pick = choice;
  if (!pick) {
    container.append(el('p', { class: 'chart-empty', text: 'No numeric column to chart.' }));
    return;
  }
  container.append(controls(store, pick, onChange));
  const n = Math.min(store.count, MAX_POINTS);
  const points = [];
  for (let i = 0; i < n; i++) {
    const row = store.row(i);
    const y = toNumber(store.value(row, pick.y));
    const xv = pick.x >= 0 ? store.value(row, pick.x) : i + 1;
    const label = pick.x >= 0 ? cellText(xv).text : String(i + 1);
    if (Number.isFinite(y)) points.push({ y, label, xn: toNumber(xv) });
  }
  if (points.length === 0) {
    container.append(el('p', { class: 'chart-empty', text: 'No numeric values to chart.' }));
    return;
  }
  const xNumeric = pick.x < 0 || isNumericColumn(store.columns[pick.x]);
  const kind = pick.kind === 'auto' || !pick.kind ? (points.length <= MAX_BARS ? 'bar' : 'line') : pick.kind === 'scatter' && !xNumeric ? 'line' : pick.kind;
  const bars = kind === 'bar';
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
  } else if (kind === 'scatter') {
    const xs = points.map((p) => p.xn).filter(Number.isFinite);
    const xlo = Math.min(...xs);
    const xhi = Math.max(...xs) === xlo ? xlo + 1 : Math.max(...xs);
    for (const p of points) {
      if (!Number.isFinite(p.xn)) continue;
      const dot = svg('circle', { cx: (m.l + ((p.xn - xlo) / (xhi - xlo)) * pw).toFixed(1), cy: yPos(p.y).toFixed(1), r: 3, class: 'chart-dot' });
      dot.append(svg('title', {}, `${p.label}: ${p.y}`));
      root.append(dot);
    }
    for (let k = 0; k <= 4; k++) {
      const v = xlo + ((xhi - xlo) * k) / 4;
      root.append(svg('text', { x: m.l + (pw * k) / 4, y: H - m.b + 16, 'text-anchor': 'middle', class: 'chart-tick' }, tick(v)));
    }
  } else {
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${(m.l + (i + 0.5) * step).toFixed(1)},${yPos(p.y).toFixed(1)}`).join('');
    root.append(svg('path', { d, class: 'chart-line' }));
  }
  points.forEach((p, i) => {
    if (kind === 'scatter' || i % labelEvery !== 0) return;
    const x = m.l + (i + 0.5) * step;
    const text = p.label.length > 16 ? `${p.label.slice(0, 15)}…` : p.label;
    root.append(svg('text', { x, y: H - m.b + 14, 'text-anchor': 'end', transform: `rotate(-35 ${x} ${H - m.b + 14})`, class: 'chart-tick' }, text));
  });
  root.append(svg('text', { x: m.l + pw / 2, y: H - 6, 'text-anchor': 'middle', class: 'chart-label' }, xName));
  root.append(svg('text', { x: 14, y: m.t + ph / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${m.t + ph / 2})`, class: 'chart-label' }, yName));
  container.append(
    el('p', { class: 'chart-caption', text: `${kind[0].toUpperCase()}${kind.slice(1)} chart: ${yName} by ${xName}${store.count > n ? ` — first ${n.toLocaleString('en-US')} rows` : ''}` }),
    root,
  );
}
