-- The relay's two hot functions in PL/pgSQL instead of SQL, same bodies: PostgreSQL 17 plans the
-- statements of a SQL function afresh on every call, while PL/pgSQL keeps their plans for the session, and
-- the relay calls these thousands of times a minute while it drains.

create or replace function outbox_claim(p_route text, p_now timestamptz, p_limit integer)
returns table (id uuid, seq bigint, subpath text, method text, content_type text, body bytea,
               priority smallint, ordering_key text, idempotency_key text, attempts integer,
               expires_at timestamptz)
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
    update outbox_message m set status = 'delivering', updated_at = p_now
    from picked
    where m.id = picked.id
    returning m.id, m.seq, m.subpath, m.method, m.content_type, m.body, m.priority, m.ordering_key,
              m.idempotency_key, m.attempts, m.expires_at;
end
$$;

create or replace function outbox_record(p_ids uuid[], p_statuses text[], p_attempted integer[], p_next timestamptz[],
                              p_codes integer[], p_errors text[], p_now timestamptz)
returns bigint
language plpgsql as $$
#variable_conflict use_column
declare
    n bigint;
begin
    perform set_config('synchronous_commit', 'off', true);
    with t as (
        select * from unnest(p_ids, p_statuses, p_attempted, p_next, p_codes, p_errors)
            as t(id, status, attempted, next_at, code, err)
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
        where m.id = t.id and m.status = 'delivering'
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
