-- The image an image was committed from (dockerd's "parent" image metadata, outside the config so the id does not
-- depend on it); cleared when the parent goes, as dockerd's store drops its children's parent links.
alter table image add column parent text references image (id) on delete set null;
create index image_parent on image (parent);
