-- Every berth service owns these two tables in its own database.
-- outbox: facts written in the same transaction as the state change, relayed to Kafka afterwards.
create table outbox (
    seq          bigserial primary key,
    id           uuid        not null unique,
    topic        text        not null,
    event_key    text        not null,
    payload      text        not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index outbox_pending on outbox (seq) where published_at is null;

-- processed_event: ids of events this service has consumed, for idempotent consumers.
create table processed_event (
    id           uuid        primary key,
    processed_at timestamptz not null default now()
);
