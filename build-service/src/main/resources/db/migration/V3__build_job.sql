-- The build queue: one row per accepted build. The Kafka record on berth.build.jobs only wakes the workers; this
-- row is the truth. A worker owns a job while its lease is in the future (lease_owner, lease_expiry, renewed while
-- it runs); a job whose lease ran out is taken over by another worker, which goes on after last_finished_step
-- (the step cache makes the finished steps hits). attempt counts the takes, so the progress lines of an earlier
-- attempt are told apart from the current one's.
create table build_job (
    id                 text        primary key,
    state              text        not null check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    options            jsonb       not null,
    context_digest     text        not null,
    attempt            integer     not null default 0,
    lease_owner        text,
    lease_expiry       timestamptz,
    last_finished_step integer     not null default 0,
    cancel_requested   boolean     not null default false,
    image_id           text,
    error              text,
    created_at         timestamptz not null default now(),
    started_at         timestamptz,
    finished_at        timestamptz,
    updated_at         timestamptz not null default now()
);
create index build_job_open on build_job (created_at) where state in ('queued', 'running');
