// The dashboard's pure modules under Node's own test runner (no packages): run by NodeModulesTest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../../main/resources/META-INF/resources/ui/js/sse.js';
import { Throughput, formatAge, formatBytes, formatPerSecond, newestDead, percent }
  from '../../main/resources/META-INF/resources/ui/js/model.js';

test('an event split anywhere across chunks comes out whole, with its id and name', () => {
  const lf = ': connected\n\nid: 7\nevent: message\ndata: {"id":"a",\ndata: "status":"dead"}\n\n';
  for (const text of [lf, lf.replaceAll('\n', '\r\n')]) for (let cut = 1; cut < text.length; cut++) {
    const p = new SseParser();
    const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
    assert.deepEqual(events, [{ event: 'message', data: '{"id":"a",\n"status":"dead"}', id: '7' }], `cut at ${cut}`);
  }
});

test('CRLF and CR line ends, keep-alive comments, and an id that carries over', () => {
  const p = new SseParser();
  const events = p.push('id: 3\r\ndata: a\r\n\r\n:keep-alive\r\rdata: b\r');
  assert.deepEqual(events, [{ event: 'message', data: 'a', id: '3' }]);
  assert.deepEqual(p.push('\n\n'), [{ event: 'message', data: 'b', id: '3' }]);
});

test('ages, sizes and rates read short', () => {
  assert.equal(formatAge(null), '—');
  assert.equal(formatAge(42.9), '42 s');
  assert.equal(formatAge(7 * 60 + 3), '7 min');
  assert.equal(formatAge(3 * 3600 + 5 * 60), '3 h 5 min');
  assert.equal(formatAge(2 * 86400 + 4 * 3600), '2 d 4 h');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536 * 1024), '1.50 MiB');
  assert.equal(formatPerSecond(0), '0/s');
  assert.equal(formatPerSecond(0.44), '0.4/s');
  assert.equal(formatPerSecond(12.6), '13/s');
  assert.equal(percent(50, 200), 25);
  assert.equal(percent(5, null), null);
  assert.equal(percent(300, 200), 100);
});

test('delivered and failed per second come from the totals, and a restart counts from zero', () => {
  const t = new Throughput(900, 5);
  const at = (s, d, f) => t.sample(s * 1000, [{ name: 'a', deliveredTotal: d, failedTotal: f }]);
  at(0, 100, 10);
  at(1, 110, 10);
  at(2, 130, 13);
  assert.deepEqual(t.series().map((p) => [p.delivered, p.failed]), [[10, 0], [20, 3]]);
  assert.equal(t.rate('a'), 15);
  at(3, 4, 0); // the agent restarted: its totals began again
  assert.deepEqual(t.series().at(-1), { t: 3000, delivered: 4, failed: 0 });
  assert.equal(t.rate('unknown'), 0);
});

test('the chart keeps the last 15 minutes only', () => {
  const t = new Throughput(900, 5);
  for (let s = 0; s <= 1000; s++) t.sample(s * 1000, [{ name: 'a', deliveredTotal: s, failedTotal: 0 }]);
  assert.equal(t.series()[0].t, 100 * 1000);
  assert.equal(t.series().length, 901);
});

test('the newest dead messages first, and how many are not shown', () => {
  const page = (n, hasMore) => ({ items: Array.from({ length: n }, (_, i) => ({ id: `m${i}` })), hasMore });
  assert.deepEqual(newestDead(page(3, false), 2), { items: [{ id: 'm2' }, { id: 'm1' }], more: 1, atLeast: false });
  assert.deepEqual(newestDead(page(2, false), 5).more, 0);
  assert.deepEqual(newestDead(page(2, true), 5), { items: [{ id: 'm1' }, { id: 'm0' }], more: 1, atLeast: true });
});

test('the chart averages its points over 5 s, so bursts do not draw spikes', async () => {
  const { buckets } = await import('../../main/resources/META-INF/resources/ui/js/chart.js');
  const points = [1, 2, 3, 4, 5, 6, 7].map((s) => ({ t: s * 1000, delivered: s % 2 ? 10 : 0, failed: 1 }));
  assert.deepEqual(buckets(points), [{ t: 5000, delivered: 6, failed: 1 }, { t: 10000, delivered: 5, failed: 1 }]);
});
