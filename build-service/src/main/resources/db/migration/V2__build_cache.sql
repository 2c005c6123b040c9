-- The layer cache shared by every build worker: a step's key (its parent image, its instruction as expanded, the
-- configuration it runs with and, for COPY/ADD, the content it copies) → the image it produced. components keeps
-- the key's parts so that a miss can say what changed against the newest earlier build of the same step.
create table build_cache (
    parent_id   text        not null,
    cache_key   text        not null,
    child_id    text        not null,
    position    text        not null,
    components  jsonb       not null,
    created_at  timestamptz not null default now(),
    last_used   timestamptz not null default now(),
    primary key (parent_id, cache_key)
);
create index build_cache_by_position on build_cache (position, parent_id, created_at desc);
