package dev.berth.image.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A container and the image it was created from, learnt from container events. */
@Entity
@Table(name = "container_image")
public class ContainerImage extends PanacheEntityBase {
    @Id
    @Column(name = "container_id")
    public String containerId;
    @Column(name = "image_id")
    public String imageId;
    @Column(name = "image_name")
    public String imageName;
    public boolean running;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
