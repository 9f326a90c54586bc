-- The read cache's persistent layer: one row per stored response (a URL's Vary variants are rows of
-- their own). Cache writes commit without waiting for the WAL flush: a power cut may lose the last
-- second of them, and a lost cache entry is only a miss.

create table cache_entry (
    route         text        not null,
    target        text        not null,   -- path and query below the route, as the client sent them
    variant       text        not null,   -- Vary-named request header values, '' when nothing varies
    status        smallint    not null,
    headers       text        not null,   -- "Name: value" lines
    body          bytea       not null,
    request_time  timestamptz not null,
    response_time timestamptz not null,
    last_used     timestamptz not null,
    size          integer     not null,
    primary key (route, target, variant)
);

create index cache_entry_last_used on cache_entry (last_used);

create function cache_put(p_route text, p_target text, p_variant text, p_status smallint, p_headers text,
                          p_body bytea, p_request timestamptz, p_response timestamptz, p_size integer)
returns void
language sql as $$
    select set_config('synchronous_commit', 'off', true);
    insert into cache_entry as c (route, target, variant, status, headers, body, request_time, response_time,
                                  last_used, size)
    values (p_route, p_target, p_variant, p_status, p_headers, p_body, p_request, p_response, p_response, p_size)
    on conflict (route, target, variant) do update set
        status = excluded.status, headers = excluded.headers, body = excluded.body,
        request_time = excluded.request_time, response_time = excluded.response_time,
        last_used = excluded.last_used, size = excluded.size;
$$;

create function cache_touch(p_route text, p_target text, p_now timestamptz)
returns void
language sql as $$
    select set_config('synchronous_commit', 'off', true);
    update cache_entry set last_used = p_now where route = p_route and target = p_target;
$$;

-- Removes the least recently used rows past p_max bytes; returns what it removed and what is left.
create function cache_trim(p_max bigint)
returns table (removed bigint, remaining bigint)
language sql as $$
    select set_config('synchronous_commit', 'off', true);
    with ranked as (
        select route, target, variant, size,
               sum(size) over (order by last_used desc, route, target, variant) as running
        from cache_entry
    ), gone as (
        delete from cache_entry c using ranked r
        where c.route = r.route and c.target = r.target and c.variant = r.variant and r.running > p_max
        returning c.size
    )
    select (select count(*) from gone),
           (select coalesce(sum(size), 0) from cache_entry) - (select coalesce(sum(size), 0) from gone);
$$;
