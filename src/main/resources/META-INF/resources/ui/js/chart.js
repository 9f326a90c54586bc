// The throughput chart as inline SVG built here, from the page's own script: no chart library to
// download, and nothing the Content-Security-Policy would refuse (no inline style).
import { formatPerSecond } from './model.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 900;
const H = 200;
const PAD = 4;
const BUCKET_MS = 5000;

function svg(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * The points averaged over `BUCKET_MS` each: the routes' totals move in bursts (a batch of results written at
 * once), so single seconds would draw spikes where the rate was steady.
 */
export function buckets(points, bucketMs = BUCKET_MS) {
  const out = [];
  for (const p of points) {
    const t = Math.ceil(p.t / bucketMs) * bucketMs;
    const last = out[out.length - 1];
    if (last && last.t === t) {
      last.delivered += p.delivered;
      last.failed += p.failed;
      last.n++;
    } else {
      out.push({ t, delivered: p.delivered, failed: p.failed, n: 1 });
    }
  }
  return out.map((b) => ({ t: b.t, delivered: b.delivered / b.n, failed: b.failed / b.n }));
}

/** Draws `raw` ({t, delivered, failed} per second) of the last `windowMs` before `nowMs` into `container`. */
export function drawChart(container, summary, raw, nowMs, windowMs) {
  const points = buckets(raw);
  const max = Math.max(1, ...points.map((p) => Math.max(p.delivered, p.failed)));
  const x = (t) => Math.min(W, ((t - (nowMs - windowMs)) / windowMs) * W);
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
  const top = text('div', 'top', `${formatPerSecond(max)}`);
  const scale = text('div', 'scale');
  scale.append(text('span', '', '−15 min'), text('span', '', '−10 min'), text('span', 'last', '−5 min', 'now'));
  container.replaceChildren(top, root, scale);
  const last = points[points.length - 1] || { delivered: 0, failed: 0 };
  summary.textContent = `Delivered (green, solid): ${formatPerSecond(last.delivered)} now. `
    + `Failed attempts (red, dashed): ${formatPerSecond(last.failed)} now. Averages of ${BUCKET_MS / 1000} s; `
    + `the scale goes up to ${formatPerSecond(max)}.`;
}

function text(tag, className, ...parts) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  for (const p of parts) e.append(Object.assign(document.createElement('span'), { textContent: p }));
  return e;
}
