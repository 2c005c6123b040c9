-- IPAM: every bridge network has an IPv4 subnet, a gateway, optionally an allocation range, and its bridge device.
alter table network add column subnet text;
alter table network add column gateway text;
alter table network add column ip_range text;
alter table network add column bridge text;

-- An endpoint is a container attached to a network with an address (a running container, or one being started).
-- The unique (network_id, address) makes a double allocation impossible even if two allocations raced.
drop table endpoint;
create table endpoint (
    network_id     text        not null references network (id),
    container_id   text        not null,
    container_name text        not null default '',
    address        bigint      not null,
    mac            text        not null,
    aliases        text        not null default '[]',
    attached_at    timestamptz not null default clock_timestamp(),
    primary key (network_id, container_id),
    unique (network_id, address)
);
