package dev.berth.e2e;

import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Testcontainers' image-name substitution for the e2e suite, which has no Docker Hub: the helper image of its own
 * checks (the bind-mount check runs Testcontainers' "tiny image", alpine) becomes the busybox every berth seeds.
 * Every other name is left as the test wrote it. Named in {@code testcontainers.properties}.
 */
public final class LocalTestcontainersImages extends ImageNameSubstitutor {
    static final DockerImageName BUSYBOX = DockerImageName.parse("busybox:latest");

    @Override
    public DockerImageName apply(DockerImageName original) {
        return original.getRepository().equals("alpine") && original.getRegistry().isEmpty() ? BUSYBOX : original;
    }

    @Override
    protected String getDescription() {
        return "berth e2e: alpine (Testcontainers' tiny image) -> busybox:latest";
    }
}
