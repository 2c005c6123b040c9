package dev.berth.image.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

@Entity
@Table(name = "image_layer")
@IdClass(ImageLayer.Key.class)
public class ImageLayer extends PanacheEntityBase {
    @Id
    @Column(name = "image_id")
    public String imageId;
    @Id
    public int position;
    @Column(name = "diff_id")
    public String diffId;
    @Column(name = "blob_digest")
    public String blobDigest;
    @Column(name = "blob_size")
    public long blobSize;
    @Column(name = "diff_size")
    public long diffSize;
    @Column(name = "media_type")
    public String mediaType;

    public static class Key implements Serializable {
        public String imageId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.position == position && Objects.equals(k.imageId, imageId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(imageId, position);
        }
    }
}
