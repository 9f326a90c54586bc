// Puts the agent's state on the page. Text goes in with textContent only (a route name or an
// upstream's error is data, never markup), and every coloured state has its words beside the colour.
import { LABELS, formatAge, formatBytes, formatPerSecond, formatRate, percent, secondsSince } from './model.js';

/** A new element with attributes (`class`, `data-*`, ...) and children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function pill(kind, text, field) {
  return el('span', { class: `pill ${kind}`, 'data-field': field }, text);
}

export function renderNetwork(badge, state) {
  badge.textContent = `Network: ${LABELS.network[state] || state}`;
  badge.className = `badge ${state}`;
  badge.dataset.state = state;
}

const FIELDS = [['queued', 'Queued'], ['delivering', 'Delivering'], ['dead', 'Dead'], ['oldest', 'Oldest queued'],
  ['rate', 'Delivered']];

function card(name) {
  const dl = el('dl');
  for (const [field, label] of FIELDS) dl.append(el('div', {}, el('dt', {}, label), el('dd', { 'data-field': field })));
  return el('article', { class: 'card', 'data-route': name, 'aria-label': `Route ${name}` },
    el('h3', {}, name), el('p', { class: 'states' }), el('p', { class: 'error', 'data-field': 'error' }), dl);
}

/** Updates the route cards in place (keeping focus and scroll), adding and removing cards as routes come and go. */
export function renderRoutes(container, routes, rateOf, errors) {
  const seen = new Set();
  for (const r of routes) {
    seen.add(r.name);
    let c = container.querySelector(`[data-route="${CSS.escape(r.name)}"]`);
    if (!c) {
      c = card(r.name);
      container.append(c);
    }
    c.dataset.reachable = String(r.reachable);
    c.dataset.circuit = r.circuit;
    c.querySelector('.states').replaceChildren(
      pill(r.reachable ? 'ok' : 'bad', LABELS.reachable[r.reachable], 'reachable'), ' ',
      pill(r.circuit === 'closed' ? 'ok' : r.circuit === 'open' ? 'bad' : 'warn', LABELS.circuit[r.circuit] || r.circuit,
        'circuit'));
    const set = (field, text) => { c.querySelector(`dd[data-field="${field}"]`).textContent = text; };
    set('queued', r.queued);
    set('delivering', r.delivering);
    set('dead', r.dead);
    set('oldest', formatAge(r.oldestQueuedAgeSeconds));
    set('rate', formatPerSecond(rateOf(r.name)));
    c.querySelector('.error').textContent = !r.reachable && errors.get(r.name) ? errors.get(r.name) : '';
  }
  for (const c of [...container.children]) if (!seen.has(c.dataset.route)) c.remove();
}

/** The end of an id: ids are UUIDv7, whose first digits are the time and alike for messages of one minute. */
function shortId(id) {
  return id.length > 8 ? `…${id.slice(-8)}` : id;
}

function table(tableEl, emptyEl, rows) {
  tableEl.tBodies[0].replaceChildren(...rows);
  tableEl.hidden = rows.length === 0;
  emptyEl.hidden = rows.length > 0;
}

/**
 * The dead messages, each with Retry and Cancel. Cancel asks once more on the button itself (no modal dialog,
 * so it stays a keyboard press away): a second press within 5 s cancels. Rows are kept across refreshes,
 * only added and removed, so a focused or armed button stays where it is while the list changes around it.
 */
export function renderDead(tableEl, emptyEl, moreEl, page, act) {
  const body = tableEl.tBodies[0];
  const key = (m) => `${m.id}/${m.attempts}`;
  const wanted = new Set(page.items.map(key));
  for (const row of [...body.rows]) if (!wanted.has(row.dataset.key)) row.remove();
  const kept = new Map([...body.rows].map((r) => [r.dataset.key, r]));
  let next = body.firstElementChild;
  for (const m of page.items) {
    const row = kept.get(key(m));
    if (row) {
      next = row.nextElementSibling; // the API's order is stable: a kept row is already in place
    } else {
      body.insertBefore(deadRow(m, act), next);
    }
  }
  tableEl.hidden = page.items.length === 0;
  emptyEl.hidden = page.items.length > 0;
  moreEl.hidden = page.more === 0;
  moreEl.textContent = page.more === 0 ? '' : `The ${page.items.length} newest are shown; `
    + `${page.atLeast ? 'more than ' : ''}${page.more} older ones are not (GET /v1/messages?status=dead).`;
}

function deadRow(m, act) {
  const retry = el('button', { type: 'button', 'data-action': 'retry', 'aria-label': `Retry message ${m.id}` },
    'Retry');
  retry.addEventListener('click', () => act('retry', m, retry));
  const cancel = el('button', { type: 'button', 'data-action': 'cancel', class: 'danger',
    'aria-label': `Cancel message ${m.id}` }, 'Cancel');
  cancel.addEventListener('click', () => {
    if (cancel.dataset.armed) {
      act('cancel', m, cancel);
      return;
    }
    cancel.dataset.armed = 'true';
    cancel.textContent = 'Confirm cancel';
    setTimeout(() => {
      delete cancel.dataset.armed;
      cancel.textContent = 'Cancel';
    }, 5000);
  });
  return el('tr', { 'data-message': m.id, 'data-key': `${m.id}/${m.attempts}` },
    el('td', {}, el('code', { title: m.id }, shortId(m.id))), el('td', {}, m.route), el('td', {}, m.attempts),
    el('td', {}, m.lastStatus ?? '—'), el('td', { class: 'wrap' }, m.lastError || '—'),
    el('td', { class: 'actions' }, retry, ' ', cancel));
}

const TRANSFER_KIND = { completed: 'ok', failed: 'bad', running: 'info', paused: 'warn', queued: 'muted' };

export function transferRow(t) {
  const p = percent(t.bytesDone, t.bytesTotal);
  const bar = el('progress', { max: 100, 'aria-label': `Transfer ${t.id} progress` });
  if (p !== null) bar.value = p;
  const done = p === null ? formatBytes(t.bytesDone) : `${p}% of ${formatBytes(t.bytesTotal)}`;
  return el('tr', { 'data-transfer': t.id, 'data-state': t.state },
    el('td', {}, el('code', { title: t.id }, shortId(t.id)), ` ${t.direction}`),
    el('td', { class: 'wrap' }, `${t.route} ${t.path}`),
    el('td', {}, pill(TRANSFER_KIND[t.state] || 'muted', t.state, 'state'),
      t.lastError ? el('span', { class: 'error' }, ` ${t.lastError}`) : ''),
    el('td', { class: 'progress' }, bar, el('span', { 'data-field': 'percent' }, done)),
    el('td', { 'data-field': 'rate' }, formatRate(t.bytesPerSecond)),
    el('td', { 'data-field': 'eta' }, t.etaSeconds === null || t.etaSeconds === undefined ? '—'
      : formatAge(t.etaSeconds)));
}

export function renderTransfers(tableEl, emptyEl, list) {
  table(tableEl, emptyEl, list.map(transferRow));
}

const STREAM_KIND = { connected: 'ok', connecting: 'warn', reconnecting: 'bad', fallback: 'warn', stopped: 'muted' };

export function renderStreams(tableEl, emptyEl, list, nowMs) {
  table(tableEl, emptyEl, list.map((s) => {
    const age = secondsSince(s.lastEventAt, nowMs);
    return el('tr', { 'data-stream': s.name },
      el('td', {}, s.name), el('td', {}, s.transport), el('td', {}, pill(STREAM_KIND[s.state] || 'muted', s.state,
        'state')), el('td', {}, s.reconnects), el('td', {}, age === null ? 'none yet' : `${formatAge(age)} ago`),
      // in a fleet one agent runs the stream: the others show its state as of its last lease renewal
      el('td', { 'data-field': 'holder' }, s.holder || 'no agent'));
  }));
}
