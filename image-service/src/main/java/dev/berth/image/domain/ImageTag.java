package dev.berth.image.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A tag: the full normalised reference ({@code docker.io/library/busybox:latest}) naming an image. */
@Entity
@Table(name = "image_tag")
public class ImageTag extends PanacheEntityBase {
    @Id
    public String reference;
    @Column(name = "image_id")
    public String imageId;
    @Column(name = "tagged_at")
    public OffsetDateTime taggedAt;
}
