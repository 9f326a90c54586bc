-- Every status change rewrites a message's index entries (the status is indexed, so no update is HOT).
-- The general (status, seq) index served only listing by status and the retention purge, which scan the
-- primary key from the oldest end just as well; dropping it saves two index inserts per delivery.
drop index outbox_message_status;
