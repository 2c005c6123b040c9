package dev.berth.volume.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A volume: owned here; its data lives on the node ({@code $BERTH_DATA/volumes/<name>/_data}). */
@Entity
@Table(name = "volume")
public class Volume extends PanacheEntityBase {
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";

    @Id
    public String name;
    /** A fresh id per volume: the node's marker of which volume a data directory belongs to. */
    @Column(name = "volume_id")
    public String volumeId;
    public String driver;
    public String mountpoint;
    /** JSON object. */
    public String labels;
    /** JSON object: the local driver's options (type, device, o). */
    public String options;
    public boolean anonymous;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
