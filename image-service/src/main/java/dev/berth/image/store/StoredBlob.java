package dev.berth.image.store;

/**
 * A blob in the store: {@code digest} and {@code size} of the bytes as stored; {@code diffId} and {@code diffSize}
 * describe the uncompressed content (equal to digest and size unless the blob is gzip). {@code unsafeLayer}: why a
 * node would refuse to unpack it as a layer ({@link LayerScan}), or null; it matters only where the blob is a layer.
 */
public record StoredBlob(String digest, long size, String diffId, long diffSize, boolean gzip, String unsafeLayer) {
    public static final String MEDIA_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String MEDIA_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    public String layerMediaType() {
        return gzip ? MEDIA_TAR_GZIP : MEDIA_TAR;
    }

    /** A blob that is to be a layer: refused (400, in the node's words) when a node would refuse to unpack it. */
    public StoredBlob requireSafeLayer() {
        if (unsafeLayer != null) {
            throw dev.berth.common.errors.BerthException.invalid("refusing an unsafe image layer: " + unsafeLayer);
        }
        return this;
    }
}
