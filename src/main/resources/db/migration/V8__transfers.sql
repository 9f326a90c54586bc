-- Transfers: uploads spooled to disk and sent as one PUT, downloads fetched into a file that resumes with
-- Range. The row is the durable part: the file under <data-dir>/transfers holds the bytes, bytes_done says
-- how many of them are synced and can be trusted after a crash (the file is cut back to it at start).
create table transfer (
    id              uuid        primary key,
    route           text        not null,
    path            text        not null,
    direction       text        not null check (direction in ('upload', 'download')),
    state           text        not null check (state in ('queued', 'running', 'paused', 'completed', 'failed')),
    content_type    text,
    sha256          text,
    bytes_done      bigint      not null default 0,
    bytes_total     bigint,
    -- ETag (or else Last-Modified) of the download's first answer, sent as If-Range when resuming
    validator       text,
    attempts        integer     not null default 0,
    last_status     integer,
    last_error      text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    finished_at     timestamptz
);
create index transfer_unfinished on transfer (created_at) where state not in ('completed', 'failed');
