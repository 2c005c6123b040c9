package dev.berth.image.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** A pulled image's registry digest: {@code name@digest} (full repository name, manifest digest). */
@Entity
@Table(name = "image_repo_digest")
@IdClass(ImageRepoDigest.Key.class)
public class ImageRepoDigest extends PanacheEntityBase {
    @Id
    public String name;
    @Id
    public String digest;
    @Column(name = "image_id")
    public String imageId;
    @Column(name = "pulled_at")
    public OffsetDateTime pulledAt;

    public static class Key implements Serializable {
        public String name;
        public String digest;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.name, name) && Objects.equals(k.digest, digest);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, digest);
        }
    }
}
