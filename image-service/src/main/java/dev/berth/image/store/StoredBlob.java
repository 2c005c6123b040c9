package dev.berth.image.store;

/**
 * A blob in the store: {@code digest} and {@code size} of the bytes as stored; {@code diffId} and {@code diffSize}
 * describe the uncompressed content (equal to digest and size unless the blob is gzip).
 */
public record StoredBlob(String digest, long size, String diffId, long diffSize, boolean gzip) {
    public static final String MEDIA_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String MEDIA_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    public String layerMediaType() {
        return gzip ? MEDIA_TAR_GZIP : MEDIA_TAR;
    }
}
