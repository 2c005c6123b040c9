package dev.berth.volume.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "volume")
public class Volume extends PanacheEntityBase {
    @Id
    public String name;
    public String driver;
    public String mountpoint;
    public String labels;
    public String options;
    public boolean anonymous;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
