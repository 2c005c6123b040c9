package dev.berth.image.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "image")
public class Image extends PanacheEntityBase {
    @Id
    public String id;
    /** The exact config bytes; their sha256 is the id. */
    public byte[] config;
    public OffsetDateTime created;
    public long size;
    public String architecture;
    public String os;
    @Column(name = "loaded_at")
    public OffsetDateTime loadedAt;
    @Column(name = "last_tag_time")
    public OffsetDateTime lastTagTime;
    /** The image this one was committed from (dockerd's Parent), or null. */
    public String parent;
}
