-- The durable outbox. One row per accepted message; the body is dropped once the message is delivered
-- or cancelled, so finished rows cost only their metadata until retention removes them.
create table outbox_message (
    seq             bigint generated always as identity primary key,
    id              uuid        not null unique,
    route           text        not null,
    subpath         text        not null default '',
    method          text        not null check (method in ('POST', 'PUT', 'PATCH', 'DELETE')),
    content_type    text,
    body            bytea,
    size            integer     not null check (size >= 0),
    priority        smallint    not null check (priority between 0 and 9),
    ordering_key    text,
    idempotency_key text,
    status          text        not null check (status in
                        ('queued', 'delivering', 'delivered', 'dead', 'expired', 'cancelled')),
    attempts        integer     not null default 0,
    accepted_at     timestamptz not null,
    next_attempt_at timestamptz not null,
    expires_at      timestamptz,
    delivered_at    timestamptz,
    updated_at      timestamptz not null,
    last_status     integer,
    last_error      text
);

-- Client idempotency keys are unique per route; messages without one get a generated key (their id).
create unique index outbox_message_idempotency on outbox_message (route, idempotency_key)
    where idempotency_key is not null;

-- Work queue of the relay: due messages per route in priority order, oldest first.
create index outbox_message_queued on outbox_message (route, priority, seq) where status = 'queued';

-- Listing and housekeeping by status.
create index outbox_message_status on outbox_message (status, seq);

-- What the outbox holds (queued, delivering, dead, expired), kept in step with outbox_message by every
-- transaction that changes it, so the limits hold across restarts without counting a million rows.
create table outbox_usage (
    id       smallint primary key check (id = 1),
    messages bigint not null check (messages >= 0),
    bytes    bigint not null check (bytes >= 0)
);
insert into outbox_usage (id, messages, bytes) values (1, 0, 0);
