-- An image's deletion drops the cache records that name it (ImageEventConsumer), as child or as parent.
create index build_cache_by_child on build_cache (child_id);
