package dev.berth.network.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "network")
public class Network extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    public String driver;
    public String scope;
    public boolean internal;
    public boolean attachable;
    public String labels;
    public String options;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
