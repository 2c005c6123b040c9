-- Registry digests: name (full repository name, docker.io/library/busybox) @ manifest digest, for pulled images.
-- Shown as RepoDigests; a pull of an unchanged tag compares the registry's manifest digest with these.
create table image_repo_digest (
    name      text        not null,
    digest    text        not null,
    image_id  text        not null references image (id) on delete cascade,
    pulled_at timestamptz not null default now(),
    primary key (name, digest)
);
create index image_repo_digest_image on image_repo_digest (image_id);
