-- Stores a commit group in one round trip: inserts the messages (a repeated idempotency key stores
-- nothing), then moves outbox_usage by what was really inserted. The usage row is locked only from that
-- update to the commit, so concurrent groups overlap everything else. Over a limit the statement fails
-- with SQLSTATE OX001 and stores nothing; the agent then plans evictions under the lock.
create function outbox_accept(
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
