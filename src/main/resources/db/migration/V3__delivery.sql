-- Delivery: the relay's work queues, per-route totals, and the claim of due messages.

-- Unkeyed due messages per route in priority order, oldest first.
drop index outbox_message_queued;
create index outbox_message_queued on outbox_message (route, priority, seq)
    where status = 'queued' and ordering_key is null;

-- Keyed messages still to deliver, per key in accept order: the first of each key is its head.
create index outbox_message_keyed on outbox_message (route, ordering_key, seq)
    where status in ('queued', 'delivering') and ordering_key is not null;

-- TTL expiry sweep.
create index outbox_message_expiry on outbox_message (expires_at)
    where status = 'queued' and expires_at is not null;

create table outbox_route_stats (
    route           text primary key,
    delivered_total bigint not null default 0,
    failed_total    bigint not null default 0
);

-- Marks up to p_limit due messages of a route as delivering and returns them: unkeyed ones, and the head
-- of each ordering key whose head is not already in flight, in priority order, oldest first. Expired
-- messages are never returned (the expiry sweep marks them). The keyed heads are found with one index
-- probe per key (a loose index scan), so a long queue behind a few keys costs no more than a short one.
create function outbox_claim(p_route text, p_now timestamptz, p_limit integer)
returns table (id uuid, seq bigint, subpath text, method text, content_type text, body bytea,
               priority smallint, ordering_key text, idempotency_key text, attempts integer,
               expires_at timestamptz)
language sql as $$
    with recursive heads as (
        (select m.ordering_key, m.id, m.status, m.priority, m.seq, m.next_attempt_at, m.expires_at
         from outbox_message m
         where m.route = p_route and m.status in ('queued', 'delivering') and m.ordering_key is not null
         order by m.ordering_key, m.seq
         limit 1)
        union all
        (select n.ordering_key, n.id, n.status, n.priority, n.seq, n.next_attempt_at, n.expires_at
         from heads h
         cross join lateral (
             select m.ordering_key, m.id, m.status, m.priority, m.seq, m.next_attempt_at, m.expires_at
             from outbox_message m
             where m.route = p_route and m.status in ('queued', 'delivering') and m.ordering_key is not null
               and m.ordering_key > h.ordering_key
             order by m.ordering_key, m.seq
             limit 1) n)
    ), candidates as (
        (select m.id, m.priority, m.seq
         from outbox_message m
         where m.route = p_route and m.status = 'queued' and m.ordering_key is null
           and m.next_attempt_at <= p_now and (m.expires_at is null or m.expires_at > p_now)
         order by m.priority, m.seq
         limit p_limit)
        union all
        select h.id, h.priority, h.seq
        from heads h
        where h.status = 'queued' and h.next_attempt_at <= p_now
          and (h.expires_at is null or h.expires_at > p_now)
    ), picked as (
        select m.id
        from outbox_message m
        where m.id in (select c.id from candidates c order by c.priority, c.seq limit p_limit)
          and m.status = 'queued'
        for update skip locked
    )
    update outbox_message m set status = 'delivering', updated_at = p_now
    from picked
    where m.id = picked.id
    returning m.id, m.seq, m.subpath, m.method, m.content_type, m.body, m.priority, m.ordering_key,
              m.idempotency_key, m.attempts, m.expires_at;
$$;
