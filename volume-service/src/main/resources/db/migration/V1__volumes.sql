create table volume (
    name        text        primary key,
    driver      text        not null default 'local',
    mountpoint  text        not null,
    labels      text        not null default '{}',
    options     text        not null default '{}',
    anonymous   boolean     not null default false,
    created_at  timestamptz not null default now()
);

-- Which containers use which volume, learnt from container events.
create table volume_use (
    volume_name  text not null references volume (name),
    container_id text not null,
    primary key (volume_name, container_id)
);
