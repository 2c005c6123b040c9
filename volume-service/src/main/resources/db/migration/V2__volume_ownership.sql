-- volume_id: a fresh id per volume, so a node tells a re-created volume of the same name from the destroyed one.
alter table volume add column volume_id text not null default gen_random_uuid()::text;

-- A use is either confirmed by the container's create event, or a reservation made when runtime-service resolved
-- the volume for a container it is creating (a reservation whose create event never comes expires).
alter table volume_use add column confirmed   boolean     not null default true;
alter table volume_use add column reserved_at timestamptz not null default now();
alter table volume_use add column destination text        not null default '';
alter table volume_use add column rw          boolean     not null default true;
alter table volume_use add column propagation text        not null default '';
-- released: runtime-service said the container is gone (rm answers only after that); the destroy event deletes the row.
alter table volume_use add column released    boolean     not null default false;
create index volume_use_container on volume_use (container_id);
