// The throughput chart as inline SVG built here, from the page's own script: no chart library to
// download, and nothing the Content-Security-Policy would refuse (no inline style).
import { formatPerSecond } from './model.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 900;
const H = 200;
const PAD = 4;

function svg(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Draws `points` ({t, delivered, failed}) of the last `windowMs` before `nowMs` into `container`. */
export function drawChart(container, summary, points, nowMs, windowMs) {
  const max = Math.max(1, ...points.map((p) => Math.max(p.delivered, p.failed)));
  const x = (t) => ((t - (nowMs - windowMs)) / windowMs) * W;
  const y = (v) => H - PAD - (v / max) * (H - 2 * PAD);
  const line = (field) => points.map((p) => `${x(p.t).toFixed(1)},${y(p[field]).toFixed(1)}`).join(' ');
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', class: 'plot', role: 'img',
    'aria-labelledby': 'chart-summary' });
  for (let i = 1; i < 4; i++) {
    root.appendChild(svg('line', { x1: 0, x2: W, y1: (H * i) / 4, y2: (H * i) / 4, class: 'grid' }));
  }
  for (let m = 5; m < 15; m += 5) {
    root.appendChild(svg('line', { x1: (W * m) / 15, x2: (W * m) / 15, y1: 0, y2: H, class: 'grid' }));
  }
  root.appendChild(svg('polyline', { points: line('delivered'), class: 'delivered' }));
  root.appendChild(svg('polyline', { points: line('failed'), class: 'failed' }));
  const scale = document.createElement('div');
  scale.className = 'scale';
  for (const text of [`peak ${formatPerSecond(max)}`, '−15 min', '−10 min', '−5 min', 'now']) {
    const s = document.createElement('span');
    s.textContent = text;
    scale.appendChild(s);
  }
  container.replaceChildren(root, scale);
  const last = points[points.length - 1] || { delivered: 0, failed: 0 };
  summary.textContent = `Delivered (green, solid): ${formatPerSecond(last.delivered)} now. `
    + `Failed attempts (red, dashed): ${formatPerSecond(last.failed)} now. Scale up to ${formatPerSecond(max)}.`;
}
