-- Streams: events pushed by upstreams, where each stream resumes, and frames waiting to go upstream.
-- (V6 is taken by the persistent cache.)

-- One row per stream: the last sequence number handed out and the upstream's resume point. Events and
-- this row change in one transaction, so a restart resumes exactly after the last stored event.
create table stream_position (
    stream        text primary key,
    last_seq      bigint not null default 0,
    last_event_id text,
    poll_cursor   text
);

-- Received events, numbered 1, 2, 3... per stream. Retention trims the oldest.
create table stream_event (
    stream      text        not null,
    seq         bigint      not null,
    upstream_id text,
    event       text,
    data        text        not null,
    received_at timestamptz not null,
    primary key (stream, seq)
);

-- Frames for the upstream, sent in seq order over the live connection and removed once written.
create table stream_outgoing (
    seq        bigserial   primary key,
    stream     text        not null,
    payload    bytea       not null,
    is_binary  boolean     not null,
    created_at timestamptz not null
);
create index stream_outgoing_stream on stream_outgoing (stream, seq);
