-- How often a cache record served a hit (docker system df -v's USAGE column).
alter table build_cache add column use_count integer not null default 0;
