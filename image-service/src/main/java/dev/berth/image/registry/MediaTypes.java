package dev.berth.image.registry;

/** Manifest media types berth understands. */
public final class MediaTypes {
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String ACCEPT = String.join(", ", DOCKER_MANIFEST, DOCKER_LIST, OCI_MANIFEST, OCI_INDEX);

    private MediaTypes() {
    }

    public static boolean isIndex(String mediaType) {
        return DOCKER_LIST.equals(mediaType) || OCI_INDEX.equals(mediaType);
    }
}
