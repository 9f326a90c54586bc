-- The outbox gauges (every few seconds) and GET /v1/routes count each route's queued, delivering and dead
-- messages. Without an index on status that count read the whole table, delivered history included: a
-- device keeping a week of delivered rows (outbox.retention) paid a full scan per scrape. Queued messages
-- are counted through the relay's two queue indexes; this one serves the rest. Delivering rows are few
-- (claimed, not yet recorded) and dead ones rare, so it stays small; it costs one index entry per claim.
create index outbox_message_held on outbox_message (route, status) where status in ('delivering', 'dead');
