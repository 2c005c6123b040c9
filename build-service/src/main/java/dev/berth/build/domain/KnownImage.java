package dev.berth.build.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An image this build worker may start a build FROM, as learnt from image events. */
@Entity
@Table(name = "known_image")
public class KnownImage extends PanacheEntityBase {
    @Id
    @Column(name = "image_id")
    public String imageId;
    public String reference;
    @Column(name = "seen_at")
    public OffsetDateTime seenAt;
}
