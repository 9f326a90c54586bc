#!/usr/bin/env bash
# PostgreSQL's own CPU per message for the relay's claim and result, without the agent: in a scratch database
# of a running PostgreSQL (never the agent's own database), applies the migrations, accepts 100,000 messages
# through outbox_accept, then claims BATCH of them at a time through outbox_claim and records them delivered
# through outbox_record, one transaction each, until none is left. The backend reads its own CPU time from
# /proc/self/stat (so: a superuser on the same host), which stays meaningful on a loaded machine where wall
# time does not. EXTRA=file.sql is applied after the migrations (an index or function to try).
# Usage: src/bench/store-cost.sh <port> [batch]   (user postgres on 127.0.0.1, trust)
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=$1
BATCH=${2:-100}
DB=store_cost
P="psql -h 127.0.0.1 -p $PORT -U postgres -v ON_ERROR_STOP=1 -q"
$P -c "drop database if exists $DB" -c "create database $DB"
for f in $(ls src/main/resources/db/migration/ | sort -t_ -k1.2 -n); do
  $P -d $DB -f "src/main/resources/db/migration/$f" > /dev/null
done
[ -n "${EXTRA:-}" ] && $P -d $DB -f "$EXTRA" > /dev/null
$P -d $DB <<'SQL' > /dev/null
create function self_cpu() returns bigint language sql as $$
  select f[12]::bigint + f[13]::bigint  -- utime + stime in ticks, the 14th and 15th fields
  from (select regexp_split_to_array(split_part(pg_read_file('/proc/self/stat'), ') ', 2), ' ') f) s $$;
create procedure drain(batch int) language plpgsql as $$
declare ids uuid[]; eps int[]; n int; total int := 0; c0 bigint; c1 bigint; cc bigint := 0; cr bigint := 0;
begin
  loop
    c0 := self_cpu();
    select array_agg(c.id), array_agg(c.claim_epoch) into ids, eps
    from outbox_claim('bench', now() + interval '1 hour', batch, 'a1', interval '30 seconds') c;
    commit;
    c1 := self_cpu(); cc := cc + c1 - c0;
    exit when ids is null;
    n := array_length(ids, 1); total := total + n;
    perform outbox_record(ids, eps, array_fill('delivered'::text, array[n]), array_fill(1, array[n]),
       array_fill(null::timestamptz, array[n]), array_fill(204, array[n]), array_fill(null::text, array[n]), now());
    commit;
    cr := cr + self_cpu() - c1;
  end loop;
  raise notice 'messages %, batches of %: backend CPU claim % us/msg, record % us/msg', total, batch,
    round(cc * 1e6 / 100 / total, 1), round(cr * 1e6 / 100 / total, 1);
end $$;
select count(*) from outbox_accept(
  array(select gen_random_uuid() from generate_series(1, 100000)),
  array(select 'bench'::text from generate_series(1, 100000)),
  array(select ''::text from generate_series(1, 100000)),
  array(select 'POST'::text from generate_series(1, 100000)),
  array(select 'application/json'::text from generate_series(1, 100000)),
  array(select convert_to('{"device":"gw-17","sensor":"temp","value":21.5,"unit":"C","ts":"2026-11-26T07:00:00Z"}',
                          'UTF8') from generate_series(1, 100000)),
  array(select 87 from generate_series(1, 100000)),
  array(select 5 from generate_series(1, 100000)),
  array(select null::text from generate_series(1, 100000)),
  array(select gen_random_uuid()::text from generate_series(1, 100000)),
  array(select null::timestamptz from generate_series(1, 100000)),
  now(), 10000000, 10000000000);
vacuum analyze outbox_message;
SQL
$P -d $DB -c "call drain($BATCH)" 2>&1 | sed 's/^NOTICE: *//'
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
