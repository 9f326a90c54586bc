-- Frames sent upstream keep a record (without their payload) until retention removes it, so that a POST of
-- a frame can answer a Location to look up, and an Idempotency-Key is honoured as for the outbox: a second
-- POST with the same stream and key stores nothing and answers the first frame's record.
alter table stream_outgoing alter column payload drop not null;
alter table stream_outgoing add column idempotency_key text;
alter table stream_outgoing add column sent_at timestamptz;

create unique index stream_outgoing_idempotency on stream_outgoing (stream, idempotency_key)
    where idempotency_key is not null;

-- The sender reads only frames still to send; retention finds sent ones by age.
drop index stream_outgoing_stream;
create index stream_outgoing_pending on stream_outgoing (stream, seq) where sent_at is null;
create index stream_outgoing_sent on stream_outgoing (stream, sent_at) where sent_at is not null;
