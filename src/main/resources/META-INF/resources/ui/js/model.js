// Pure logic of the dashboard: formatting and the throughput series. No DOM, no fetch, so that
// `node --test` checks it (src/test/js) and the browser tests need not.

/** How long ago, in words short enough for a card: "—", "42 s", "7 min", "3 h 5 min", "2 d 4 h". */
export function formatAge(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) {
    const m = Math.floor((s % 3600) / 60);
    return m ? `${Math.floor(s / 3600)} h ${m} min` : `${Math.floor(s / 3600)} h`;
  }
  const h = Math.floor((s % 86400) / 3600);
  return h ? `${Math.floor(s / 86400)} d ${h} h` : `${Math.floor(s / 86400)} d`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units, three significant digits: "512 B", "1.50 MiB". */
export function formatBytes(n) {
  if (n === null || n === undefined || !Number.isFinite(n) || n < 0) return '—';
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${n} B`;
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${UNITS[u]}`;
}

export function formatRate(bytesPerSecond) {
  return bytesPerSecond === null || bytesPerSecond === undefined ? '—' : `${formatBytes(bytesPerSecond)}/s`;
}

/** Events per second: "0/s", "0.4/s", "12/s". */
export function formatPerSecond(x) {
  if (!Number.isFinite(x) || x <= 0) return '0/s';
  return x < 10 ? `${(Math.round(x * 10) / 10).toString()}/s` : `${Math.round(x)}/s`;
}

/** A transfer's progress in percent, whole, or null when its size is unknown. */
export function percent(done, total) {
  if (!total || total <= 0) return null;
  return Math.min(100, Math.floor((done * 100) / total));
}

/** Seconds from an ISO-8601 time to now, or null. */
export function secondsSince(iso, nowMs) {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.max(0, (nowMs - t) / 1000);
}

/**
 * The newest `shown` of a page of dead messages (oldest first, as the API lists them), newest first, and
 * how many more there are: `more` is at least 1 when the page itself was not the end of the list.
 */
export function newestDead(page, shown) {
  const items = page.items.slice(-shown).reverse();
  const more = page.items.length - items.length;
  return { items, more: page.hasMore ? Math.max(1, more) : more, atLeast: page.hasMore };
}

/** Text for every state the page shows in colour: no state is told by colour alone. */
export const LABELS = {
  reachable: { true: 'Reachable', false: 'Unreachable' },
  circuit: { closed: 'Circuit closed', open: 'Circuit open', 'half-open': 'Circuit half-open' },
  network: { online: 'Online', degraded: 'Degraded', offline: 'Offline' },
};

/**
 * Delivered and failed per second, from the routes' running totals sampled over time: the series of the
 * last `windowSeconds` for the chart, and each route's rate over the last few samples for its card. A total
 * that goes down (the agent restarted) starts that route's count again rather than showing a negative rate.
 */
export class Throughput {
  constructor(windowSeconds = 900, rateSeconds = 5) {
    this.windowMs = windowSeconds * 1000;
    this.rateMs = rateSeconds * 1000;
    this.points = []; // {t, delivered, failed}: per second between this sample and the one before
    this.samples = []; // {t, totals: Map(route -> {delivered, failed})}
  }

  /** Adds a sample of `routes` (the /v1/routes list) taken at `nowMs`. */
  sample(nowMs, routes) {
    const totals = new Map(routes.map((r) => [r.name, { delivered: r.deliveredTotal, failed: r.failedTotal }]));
    const last = this.samples[this.samples.length - 1];
    if (last && nowMs <= last.t) return;
    if (last) {
      const dt = (nowMs - last.t) / 1000;
      const d = Throughput.sum(last.totals, totals, 'delivered');
      const f = Throughput.sum(last.totals, totals, 'failed');
      this.points.push({ t: nowMs, delivered: d / dt, failed: f / dt });
    }
    this.samples.push({ t: nowMs, totals });
    while (this.points.length && this.points[0].t < nowMs - this.windowMs) this.points.shift();
    // keep one sample older than the rate window, so the rate spans the whole window
    while (this.samples.length > 2 && this.samples[1].t <= nowMs - this.rateMs) this.samples.shift();
  }

  static sum(before, after, field) {
    let n = 0;
    for (const [name, now] of after) {
      const then = before.get(name);
      if (then) n += now[field] >= then[field] ? now[field] - then[field] : now[field];
    }
    return n;
  }

  /** A route's delivered per second over the rate window, 0 until two samples exist. */
  rate(route) {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || first === last) return 0;
    const a = first.totals.get(route);
    const b = last.totals.get(route);
    if (!a || !b) return 0;
    const d = b.delivered >= a.delivered ? b.delivered - a.delivered : b.delivered;
    return d / ((last.t - first.t) / 1000);
  }

  /** The chart's points, oldest first. */
  series() {
    return this.points;
  }
}
