-- Images this build worker knows about (learnt from image events): the base-image seam for builds.
create table known_image (
    image_id   text        primary key,
    reference  text,
    seen_at    timestamptz not null default now()
);
