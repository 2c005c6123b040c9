-- Nodes (issue 17): one row per runtime-service process that announced itself, written at its start and from the
-- heartbeats the lock holder reads on berth.node.heartbeat (cluster/NodeWatch). status: ready | down.
create table node (
    id             text        primary key,
    name           text        not null,
    addr           text        not null,
    labels         jsonb       not null default '{}',
    ncpu           integer     not null,
    mem_total      bigint      not null,
    engine_version text        not null,
    status         text        not null default 'ready',
    -- Docker's Version.Index: bumped by every change a client can see (not by last_seen)
    version        bigint      not null default 1,
    -- the holder of the node watch's advisory lock (ManagerStatus.Leader)
    leader         boolean     not null default false,
    last_seen      timestamptz not null,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    constraint node_status check (status in ('ready', 'down'))
);
