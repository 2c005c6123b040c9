create table network (
    id          text        primary key,
    name        text        not null unique,
    driver      text        not null,
    scope       text        not null default 'local',
    internal    boolean     not null default false,
    attachable  boolean     not null default false,
    labels      text        not null default '{}',
    options     text        not null default '{}',
    created_at  timestamptz not null default now()
);

-- The predefined networks every Docker host has. bridge gets its IPAM with the networking issue.
insert into network (id, name, driver, scope) values
    (encode(sha256('berth-network-bridge'), 'hex'), 'bridge', 'bridge', 'local'),
    (encode(sha256('berth-network-host'), 'hex'), 'host', 'host', 'local'),
    (encode(sha256('berth-network-none'), 'hex'), 'none', 'null', 'local');

-- Which containers are attached to which network, learnt from container events.
create table endpoint (
    network_id   text not null references network (id),
    container_id text not null,
    primary key (network_id, container_id)
);
