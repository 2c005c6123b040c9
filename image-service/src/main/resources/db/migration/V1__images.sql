-- Images: id is 'sha256:' + sha256 of the exact config bytes, which are kept here (and as a blob).
create table image (
    id            text        primary key,
    config        bytea       not null,
    created       timestamptz,
    size          bigint      not null,
    architecture  text        not null default '',
    os            text        not null default '',
    loaded_at     timestamptz not null default now(),
    last_tag_time timestamptz
);

-- Layers, bottom first. blob_digest/blob_size describe the blob as stored (tar or tar+gzip).
create table image_layer (
    image_id    text   not null references image (id) on delete cascade,
    position    int    not null,
    diff_id     text   not null,
    blob_digest text   not null,
    blob_size   bigint not null,
    diff_size   bigint not null,
    media_type  text   not null,
    primary key (image_id, position)
);
create index image_layer_blob on image_layer (blob_digest);

-- Tags: the full normalised reference (docker.io/library/busybox:latest) to the image it names.
create table image_tag (
    reference  text        primary key,
    image_id   text        not null references image (id) on delete cascade,
    tagged_at  timestamptz not null default now()
);
create index image_tag_image on image_tag (image_id);

-- Which containers use which image, learnt from berth.container events.
create table container_image (
    container_id text        primary key,
    image_id     text        not null,
    image_name   text,
    running      boolean     not null default false,
    updated_at   timestamptz not null default now()
);
create index container_image_image on container_image (image_id);
