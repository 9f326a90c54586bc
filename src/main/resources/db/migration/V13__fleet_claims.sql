-- Fleet mode: several agents share one outbox. A claim now has an owner (claimed_by: the agent id), a lease
-- (claim_until, on the store's clock, the one clock every agent shares) that the owner renews while the
-- attempt runs, and an epoch (claim_epoch, one more at every claim) that fences results: an attempt's result
-- is recorded only while the message is still delivering under the epoch its claim returned, so an agent
-- that wakes up after its lease ran out cannot overwrite what the next holder does. A delivering message
-- whose lease ran out is queued again by the expiry sweep of any agent (attempts unchanged), so a dead
-- agent's work moves on within one lease. Rows claimed before this version have no lease: the first sweep
-- queues them again.
alter table outbox_message
    add column claimed_by text,
    add column claim_epoch integer not null default 0,
    add column claim_until timestamptz;

-- The claims in flight, by lease end: the sweep finds the expired ones, an agent its own (renewal, stop),
-- GET /v1/fleet counts them. Delivering rows are few (what the fleet has in flight), so it stays tiny.
create index outbox_message_claims on outbox_message (claim_until) where status = 'delivering';

-- The agents sharing the store: each upserts its row every third of its lease and deletes it on a clean stop.
create table outpost_agent (
    id           text primary key,
    started_at   timestamptz not null,
    heartbeat_at timestamptz not null,
    lease        interval not null
);

-- Named leases for the once-only jobs (expiry, purge, retention, transfer recovery, streams): one owner at a
-- time, taken over by another agent once the owner stops renewing it.
create table outpost_lease (
    name  text primary key,
    owner text not null,
    until timestamptz not null
);

-- A transfer belongs to the agent that accepted it: its spool file or download lives in that agent's data
-- dir, so only that agent resumes it, fails it or removes it at retention. Rows from before have no owner and
-- are any agent's (a single agent's, in practice).
alter table transfer add column owner text;

drop function outbox_claim(text, timestamptz, integer);
drop function outbox_record(uuid[], text[], integer[], timestamptz[], integer[], text[], timestamptz);

-- As in V9, and the claim now records its owner, lease and epoch and returns the epoch.
create function outbox_claim(p_route text, p_now timestamptz, p_limit integer, p_agent text, p_lease interval)
returns table (id uuid, seq bigint, subpath text, method text, content_type text, body bytea,
               priority smallint, ordering_key text, idempotency_key text, attempts integer,
               expires_at timestamptz, claim_epoch integer)
language plpgsql as $$
#variable_conflict use_column
begin
    perform set_config('synchronous_commit', 'off', true);
    return query
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
    update outbox_message m set status = 'delivering', updated_at = p_now, claimed_by = p_agent,
        claim_epoch = m.claim_epoch + 1, claim_until = statement_timestamp() + p_lease
    from picked
    where m.id = picked.id
    returning m.id, m.seq, m.subpath, m.method, m.content_type, m.body, m.priority, m.ordering_key,
              m.idempotency_key, m.attempts, m.expires_at, m.claim_epoch;
end
$$;

-- As in V9, fenced: a result counts only while its message is delivering under the claim's epoch.
create function outbox_record(p_ids uuid[], p_epochs integer[], p_statuses text[], p_attempted integer[],
                              p_next timestamptz[], p_codes integer[], p_errors text[], p_now timestamptz)
returns bigint
language plpgsql as $$
#variable_conflict use_column
declare
    n bigint;
begin
    perform set_config('synchronous_commit', 'off', true);
    with t as (
        select * from unnest(p_ids, p_epochs, p_statuses, p_attempted, p_next, p_codes, p_errors)
            as t(id, epoch, status, attempted, next_at, code, err)
    ), upd as (
        update outbox_message m set
            status = t.status,
            attempts = m.attempts + t.attempted,
            next_attempt_at = coalesce(t.next_at, m.next_attempt_at),
            last_status = case when t.attempted = 1 then t.code else m.last_status end,
            last_error = case when t.status = 'delivered' then null when t.attempted = 1 then t.err
                              else m.last_error end,
            delivered_at = case when t.status = 'delivered' then p_now else m.delivered_at end,
            body = case when t.status = 'delivered' then null else m.body end,
            updated_at = p_now
        from t
        where m.id = t.id and m.status = 'delivering' and m.claim_epoch = t.epoch
        returning m.route, m.status, m.size, t.attempted
    ), usage as (
        update outbox_usage set
            messages = messages - (select count(*) from upd where status = 'delivered'),
            bytes = bytes - (select coalesce(sum(size), 0) from upd where status = 'delivered')
        where id = 1
    ), stats as (
        insert into outbox_route_stats as s (route, delivered_total, failed_total)
        select route, count(*) filter (where status = 'delivered'),
               count(*) filter (where status <> 'delivered' and attempted = 1)
        from upd group by route
        on conflict (route) do update set delivered_total = s.delivered_total + excluded.delivered_total,
                                          failed_total = s.failed_total + excluded.failed_total
    )
    select count(*) into n from upd;
    return n;
end
$$;
