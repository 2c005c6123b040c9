-- Containers of this node. config/host_config are Docker's Config and HostConfig objects as JSON text.
create table container (
    id            text        primary key,
    name          text        not null unique,
    image         text        not null,
    image_id      text        not null,
    config        text        not null,
    host_config   text        not null,
    path          text        not null,
    args          text        not null default '[]',
    layers        text        not null default '[]',
    state         text        not null,
    pid           integer     not null default 0,
    exit_code     integer     not null default 0,
    oom_killed    boolean     not null default false,
    error         text        not null default '',
    created_at    timestamptz not null,
    started_at    timestamptz,
    finished_at   timestamptz,
    restart_count integer     not null default 0,
    node          text        not null,
    constraint container_state check (state in ('created', 'running', 'paused', 'restarting', 'exited', 'dead', 'removing'))
);
create index container_state_idx on container (state);
