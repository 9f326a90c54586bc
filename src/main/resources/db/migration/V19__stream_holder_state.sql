-- Fleet mode: a stream is run by one agent at a time, the holder of its lease in outpost_lease (named
-- 'stream:<name>'). The holder writes its connection state here with each lease renewal, so that every
-- other agent's GET /v1/streams can say how the stream stands and who holds it.
alter table stream_position add column state text;
