-- V14 numbered every change of a message through triggers, the inserts too: a PL/pgSQL call per accepted
-- row and per claimed or recorded row. The hot paths now number their own rows: the accept through the
-- column default (outbox_accept takes its transaction id first, as the reader's horizon needs: see V14), the
-- relay's claim and result functions in their UPDATE. Every other writer (the sweeps, the entities' cancel
-- and retry, evictions, a writer added later) is still numbered by the update trigger, which now fires only
-- when a statement changed what the feed shows and did not number the row itself.
drop trigger outbox_message_accepted on outbox_message;
alter table outbox_message alter column changed_seq set default nextval('outbox_change_seq');

drop trigger outbox_message_changed on outbox_message;
create trigger outbox_message_changed before update of status, attempts, last_status, last_error on outbox_message
    for each row when (old.changed_seq = new.changed_seq
                       and (old.status is distinct from new.status or old.attempts is distinct from new.attempts
                            or old.last_status is distinct from new.last_status
                            or old.last_error is distinct from new.last_error))
    execute function outbox_message_changed();

-- As in V2, taking the transaction id first.
create or replace function outbox_accept(
    p_ids uuid[], p_routes text[], p_subpaths text[], p_methods text[], p_content_types text[],
    p_bodies bytea[], p_sizes integer[], p_priorities integer[], p_ordering_keys text[], p_keys text[],
    p_expires timestamptz[], p_now timestamptz, p_max_messages bigint, p_max_bytes bigint)
returns table (id uuid, seq bigint)
language plpgsql as $$
#variable_conflict use_column
declare
    v_ids uuid[];
    v_seqs bigint[];
    v_count bigint;
    v_bytes bigint;
    v_messages bigint;
    v_total_bytes bigint;
begin
    perform pg_current_xact_id(); -- before the numbers the inserts take (their column default)
    with ins as (
        insert into outbox_message (id, route, subpath, method, content_type, body, size, priority,
                                    ordering_key, idempotency_key, status, attempts, accepted_at,
                                    next_attempt_at, expires_at, updated_at)
        select t.id, t.route, t.subpath, t.method, t.content_type, t.body, t.size, t.priority,
               t.ordering_key, t.idempotency_key, 'queued', 0, p_now, p_now, t.expires_at, p_now
        from unnest(p_ids, p_routes, p_subpaths, p_methods, p_content_types, p_bodies, p_sizes,
                    p_priorities, p_ordering_keys, p_keys, p_expires)
             as t(id, route, subpath, method, content_type, body, size, priority, ordering_key,
                  idempotency_key, expires_at)
        on conflict (route, idempotency_key) where idempotency_key is not null do nothing
        returning outbox_message.id, outbox_message.seq, outbox_message.size)
    select array_agg(ins.id), array_agg(ins.seq), count(*), coalesce(sum(ins.size), 0)
    into v_ids, v_seqs, v_count, v_bytes
    from ins;

    update outbox_usage u set messages = u.messages + v_count, bytes = u.bytes + v_bytes
    where u.id = 1
    returning u.messages, u.bytes into v_messages, v_total_bytes;

    if v_messages > p_max_messages or v_total_bytes > p_max_bytes then
        raise exception using errcode = 'OX001', message = 'outbox limit reached';
    end if;

    return query select * from unnest(v_ids, v_seqs);
end;
$$;

-- As in V13, numbering the claimed rows.
create or replace function outbox_claim(p_route text, p_now timestamptz, p_limit integer, p_agent text, p_lease interval)
returns table (id uuid, seq bigint, subpath text, method text, content_type text, body bytea,
               priority smallint, ordering_key text, idempotency_key text, attempts integer,
               expires_at timestamptz, claim_epoch integer)
language plpgsql as $$
#variable_conflict use_column
begin
    perform set_config('synchronous_commit', 'off', true);
    perform pg_current_xact_id();
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
        changed_seq = nextval('outbox_change_seq'),
        claim_epoch = m.claim_epoch + 1, claim_until = statement_timestamp() + p_lease
    from picked
    where m.id = picked.id
    returning m.id, m.seq, m.subpath, m.method, m.content_type, m.body, m.priority, m.ordering_key,
              m.idempotency_key, m.attempts, m.expires_at, m.claim_epoch;
end
$$;

-- As in V13, numbering the recorded rows.
create or replace function outbox_record(p_ids uuid[], p_epochs integer[], p_statuses text[], p_attempted integer[],
                              p_next timestamptz[], p_codes integer[], p_errors text[], p_now timestamptz)
returns bigint
language plpgsql as $$
#variable_conflict use_column
declare
    n bigint;
begin
    perform set_config('synchronous_commit', 'off', true);
    perform pg_current_xact_id();
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
            updated_at = p_now,
            changed_seq = nextval('outbox_change_seq')
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
