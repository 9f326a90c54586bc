// The dashboard: sign-in when the agent wants a token, then the live view. Live means the agent's
// event streams (network, messages, each moving transfer) plus a one-second read of /v1/routes, whose
// running totals are what the chart and the delivered/s figures are made of; the page never reloads.
import { Api } from './api.js';
import { drawChart } from './chart.js';
import { Throughput, newestDead } from './model.js';
import * as view from './view.js';

const KEY = 'outpost.token'; // sessionStorage: this tab only, gone when it closes, never sent by the browser
const WINDOW_S = 900;
const DEAD_READ = 1000; // the list's largest page
const DEAD_SHOWN = 100;
const MAX_TRANSFER_STREAMS = 2; // a browser opens 6 connections per host; two more streams run always
const $ = (id) => document.getElementById(id);

/** The status of GET /v1/network with `token`: 200, 401, or 0 when the agent does not answer. */
async function probe(token) {
  try {
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    return (await fetch('/v1/network', { headers, cache: 'no-store', credentials: 'omit' })).status;
  } catch (e) {
    return 0;
  }
}

async function start() {
  const stored = sessionStorage.getItem(KEY);
  const status = await probe(stored);
  if (status === 200) {
    run(stored);
  } else if (status === 401) {
    sessionStorage.removeItem(KEY);
    login();
  } else {
    $('network').textContent = 'The agent does not answer; trying again…';
    setTimeout(start, 2000);
  }
}

function login(message = '') {
  $('dashboard').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('network').textContent = 'Signed out';
  $('network').className = 'badge';
  $('live').textContent = '';
  $('login-error').textContent = message;
  $('token').focus();
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  const status = await probe(token);
  if (status === 200) {
    sessionStorage.setItem(KEY, token);
    $('login-form').reset();
    run(token);
  } else {
    $('login-error').textContent = status === 401 ? 'The agent does not accept this token.'
      : 'The agent does not answer; try again.';
  }
});

function run(token) {
  $('login').hidden = true;
  $('dashboard').hidden = false;
  $('logout').hidden = !token;
  const stops = [];
  const stopAll = () => stops.splice(0).forEach((s) => s());
  const signOut = (message) => {
    stopAll();
    sessionStorage.removeItem(KEY);
    login(message);
  };
  const api = new Api(token, () => signOut('The agent no longer accepts the token; sign in again.'));
  $('logout').onclick = () => signOut('');

  const throughput = new Throughput(WINDOW_S);
  const errors = new Map();
  let routes = [];
  const drawRoutes = () => view.renderRoutes($('routes'), routes, (n) => throughput.rate(n), errors);
  const every = (ms, fn) => {
    fn();
    const t = setInterval(fn, ms);
    stops.push(() => clearInterval(t));
  };
  const once = (fn) => { // a refresh never overlaps itself; one asked for meanwhile runs after it
    let running = false;
    let again = false;
    const go = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        await fn();
      } catch (e) {
        // the next tick or event tries again
      } finally {
        running = false;
        if (again) {
          again = false;
          go();
        }
      }
    };
    return go;
  };

  const refreshRoutes = once(async () => {
    routes = await api.get('/v1/routes');
    const now = Date.now();
    throughput.sample(now, routes);
    drawRoutes();
    drawChart($('chart'), $('chart-summary'), throughput.series(), now, WINDOW_S * 1000);
  });
  const refreshDead = once(async () => {
    // the API lists oldest first; the newest dead are the ones an operator is looking for
    const page = await api.get(`/v1/messages?status=dead&limit=${DEAD_READ}`);
    view.renderDead($('dead'), $('dead-empty'), $('dead-more'), newestDead(page, DEAD_SHOWN), act);
  });
  const act = async (action, message, button) => {
    button.disabled = true;
    try {
      if (action === 'retry') await api.post(`/v1/messages/${encodeURIComponent(message.id)}/retry`);
      else await api.delete(`/v1/messages/${encodeURIComponent(message.id)}`);
      $('live').textContent = `Message ${message.id} ${action === 'retry' ? 'queued again' : 'cancelled'}.`;
    } catch (e) {
      $('live').textContent = `Could not ${action} message ${message.id}: ${e.message}`;
    }
    refreshDead();
    refreshRoutes();
  };

  every(1000, refreshRoutes);
  every(5000, refreshDead);
  watchNetwork(api, stops, errors, () => {
    drawRoutes();
    refreshRoutes();
  }, (name, reachable) => {
    routes = routes.map((r) => (r.name === name ? { ...r, reachable } : r));
  });
  let debounce = null;
  stops.push(api.events('/v1/messages/events', {
    onEvent: () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => {
        refreshDead();
        refreshRoutes();
      }, 200);
    },
  }));
  watchTransfers(api, stops, every);
  every(5000, once(async () => view.renderStreams($('streams'), $('streams-empty'), await api.get('/v1/streams'),
    Date.now())));
}

/** The network badge and each route's reachability, as the agent's network events tell them. */
function watchNetwork(api, stops, errors, changed, setReachable) {
  api.get('/v1/network').then((n) => {
    view.renderNetwork($('network'), n.state);
    for (const [name, link] of Object.entries(n.routes)) errors.set(name, link.lastError);
    changed();
  }).catch(() => {});
  stops.push(api.events('/v1/network/events', {
    onState: (up) => {
      $('live').textContent = up ? 'Live' : 'Reconnecting to the agent…';
    },
    onEvent: (e) => {
      const data = JSON.parse(e.data);
      view.renderNetwork($('network'), data.state);
      if (e.event === 'route') {
        errors.set(data.route, data.error || null);
        setReachable(data.route, data.reachable);
        changed();
      }
    },
  }));
}

/** The newest transfers every 2 s; a moving one follows its own progress events (a few at a time). */
function watchTransfers(api, stops, every) {
  const watched = new Map();
  stops.push(() => watched.forEach((stop) => stop()));
  let list = [];
  const draw = () => view.renderTransfers($('transfers'), $('transfers-empty'), list);
  every(2000, async () => {
    try {
      list = (await api.get('/v1/transfers?limit=20')).items;
    } catch (e) {
      return;
    }
    draw();
    for (const t of list) {
      if (watched.size >= MAX_TRANSFER_STREAMS) break;
      if (watched.has(t.id) || t.state === 'completed' || t.state === 'failed') continue;
      watched.set(t.id, api.events(`/v1/transfers/${encodeURIComponent(t.id)}/events`, {
        onEvent: (e) => {
          const v = JSON.parse(e.data);
          list = list.map((x) => (x.id === v.id ? v : x));
          draw();
        },
        until: (e) => e.event === 'completed' || e.event === 'failed',
        onGone: () => watched.delete(t.id),
      }));
    }
    for (const [id, stop] of watched) {
      const t = list.find((x) => x.id === id);
      if (!t || t.state === 'completed' || t.state === 'failed') {
        stop();
        watched.delete(id);
      }
    }
  });
}

start();
