-- Listing expired or cancelled messages (GET /v1/messages?status=expired|cancelled) walked the primary key from
-- the cursor through the delivered history, filtering: with a week of history in front of them, the first
-- page read every delivered row. Next to that history both are few (expired messages until they are purged,
-- cancelled ones until retention), so the index V11 made for delivering and dead rows takes them too, and a
-- listing reads just them. The counts behind the gauges use it as before.
drop index outbox_message_held;
create index outbox_message_held on outbox_message (route, status)
    where status in ('delivering', 'dead', 'expired', 'cancelled');
