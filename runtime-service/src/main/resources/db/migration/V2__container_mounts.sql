-- The container's resolved mounts (volumes, binds, tmpfs) as a JSON array; see dev.berth.runtime.mounts.
alter table container add column mounts text not null default '[]';
