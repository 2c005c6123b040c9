-- Registry manifests of images, byte for byte: pulled ones (the platform's image manifest) and ones built for a push
-- (layers gzip-compressed once, so a second push only checks that the blobs exist).
create table image_manifest (
    digest      text        primary key,
    image_id    text        not null references image (id) on delete cascade,
    media_type  text        not null,
    content     bytea       not null,
    recorded_at timestamptz not null default now()
);
create index image_manifest_image on image_manifest (image_id);

-- Blobs a manifest needs (config and layers): reachable while the manifest exists.
create table image_manifest_blob (
    manifest_digest text not null references image_manifest (digest) on delete cascade,
    blob_digest     text not null,
    primary key (manifest_digest, blob_digest)
);

-- Where a blob is known to exist (pulled from or pushed to), for cross-repository mounts on push.
create table blob_location (
    blob_digest text        not null,
    registry    text        not null,
    repository  text        not null,
    seen_at     timestamptz not null default now(),
    primary key (blob_digest, registry, repository)
);
