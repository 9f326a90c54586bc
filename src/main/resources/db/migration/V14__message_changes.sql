-- The change feed of GET /v1/messages/events. Every change of a message's state (accept, claim, result,
-- expiry, cancel, retry, eviction, a claim handed back) gives the row the next number of one sequence, so a
-- reader resumes with "changed_seq > its position": no row per change (a message changed five times is one
-- row with its newest number, which is the folding of intermediate states the API allows), one index entry
-- per change (status changes already rewrite the row's index entries, so no update was HOT before either),
-- and one numbering for every agent sharing the store.
--
-- A trigger rather than the number in each statement: the writers are many (the accept and relay functions,
-- the relay's and the fleet's sweeps, the entities' cancel and retry, evictions), and a writer added later
-- cannot forget it. Updates that change none of what the feed shows (claim renewals, next_attempt_at moves)
-- are filtered in the trigger's WHEN, evaluated without calling the function.
create sequence outbox_change_seq;

-- The transaction id is taken before the number, so a transaction that was not yet running when a reader
-- took its snapshot can only write numbers above everything that snapshot saw: the reader
-- (io.outpost.outbox.ChangeHorizon) relies on this to hold back what an open transaction could still
-- commit below. pg_current_xact_id() assigns the id if the transaction has none yet.
create function outbox_message_changed() returns trigger
language plpgsql as $$
begin
    perform pg_current_xact_id();
    new.changed_seq := nextval('outbox_change_seq');
    return new;
end
$$;

alter table outbox_message add column changed_seq bigint;
-- Messages kept from before: numbered once, in accept order, so a reader from position 0 sees them too.
update outbox_message m set changed_seq = n.k
from (select seq, row_number() over (order by seq) as k from outbox_message) n where m.seq = n.seq;
select setval('outbox_change_seq', coalesce((select max(changed_seq) from outbox_message), 0) + 1, false);
alter table outbox_message alter column changed_seq set not null;

create index outbox_message_changes on outbox_message (changed_seq);

create trigger outbox_message_accepted before insert on outbox_message
    for each row execute function outbox_message_changed();
create trigger outbox_message_changed before update of status, attempts, last_status, last_error on outbox_message
    for each row when (old.status is distinct from new.status or old.attempts is distinct from new.attempts
                       or old.last_status is distinct from new.last_status
                       or old.last_error is distinct from new.last_error)
    execute function outbox_message_changed();
