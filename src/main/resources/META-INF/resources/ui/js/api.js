// Every call the page makes, with the token in the Authorization header and nowhere else.
import { SseParser } from './sse.js';

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

export class Api {
  /** `token`: null when the agent needs none; `onUnauthorized`: runs when a call is refused with 401. */
  constructor(token, onUnauthorized) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
  }

  headers(extra = {}) {
    const h = { Accept: 'application/json', ...extra };
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    return h;
  }

  async call(method, path) {
    const r = await fetch(path, { method, headers: this.headers(), cache: 'no-store', credentials: 'omit' });
    if (r.status === 401) {
      this.onUnauthorized();
      throw new ApiError(401, 'The token is not valid (any more).');
    }
    if (!r.ok) {
      let detail = '';
      try {
        detail = (await r.json()).detail;
      } catch (e) {
        detail = r.statusText;
      }
      throw new ApiError(r.status, detail);
    }
    return r.status === 204 ? null : r.json();
  }

  get(path) {
    return this.call('GET', path);
  }

  post(path) {
    return this.call('POST', path);
  }

  delete(path) {
    return this.call('DELETE', path);
  }

  /**
   * Reads the server-sent events of `path` until `stop()`, calling `onEvent({event, data, id})`, and
   * reconnects after a drop with Last-Event-ID (backing off up to 10 s). `onState(true|false)` tells whether
   * the stream is connected. A 404 ends it for good (`onGone`): an agent without that endpoint.
   */
  events(path, { onEvent, onState = () => {}, onGone = () => {}, until = () => false }) {
    const control = { stopped: false, abort: null };
    let lastId = null;
    let delay = 500;
    const run = async () => {
      while (!control.stopped) {
        const abort = new AbortController();
        control.abort = abort;
        try {
          const headers = this.headers({ Accept: 'text/event-stream' });
          if (lastId !== null) headers['Last-Event-ID'] = lastId;
          const r = await fetch(path, { headers, cache: 'no-store', credentials: 'omit', signal: abort.signal });
          if (r.status === 401) {
            this.onUnauthorized();
            return;
          }
          if (r.status === 404) {
            onGone();
            return;
          }
          if (!r.ok || !r.body) throw new ApiError(r.status);
          onState(true);
          delay = 500;
          const parser = new SseParser();
          const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const e of parser.push(value)) {
              if (e.id !== null) lastId = e.id;
              onEvent(e);
              if (until(e)) {
                control.stopped = true;
                abort.abort();
                return;
              }
            }
          }
        } catch (e) {
          // dropped or refused: try again below, unless stopped
        }
        onState(false);
        if (control.stopped) return;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(10000, delay * 2);
      }
    };
    run();
    return () => {
      control.stopped = true;
      if (control.abort) control.abort.abort();
    };
  }
}
