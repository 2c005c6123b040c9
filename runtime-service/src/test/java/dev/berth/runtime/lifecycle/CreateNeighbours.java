package dev.berth.runtime.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.images.ImageClient;
import dev.berth.runtime.images.ImageSource;
import dev.berth.runtime.mounts.MountPoint;
import dev.berth.runtime.mounts.MountSetup;
import dev.berth.runtime.net.NetworkRequests;
import dev.berth.runtime.spec.EndpointSpec;
import dev.berth.runtime.spec.HostSpec;
import io.smallrye.mutiny.Uni;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What docker create calls beside the node, recorded in the {@link RecordingNode}'s log so a test sees one order:
 * image-service (one image, "busybox"; any other is Docker's 404), the mounts (none) and the networks.
 */
final class CreateNeighbours {
    static final String IMAGE_ID = "sha256:" + "b".repeat(64);

    final Images images = new Images();
    final Mounts mounts = new Mounts();
    final Networks networks = new Networks();
    private final RecordingNode log;

    CreateNeighbours(RecordingNode log) {
        this.log = log;
    }

    final class Images implements ImageSource {
        @Override
        public JsonNode inspect(String name) {
            log.record("inspect " + name);
            if (!name.equals("busybox")) {
                throw BerthException.notFound("No such image: " + name);
            }
            try {
                return new ObjectMapper().readTree("{\"Id\":\"" + IMAGE_ID + "\",\"Config\":{\"Cmd\":[\"sh\"]}}");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public ImageClient.ImageLayers layers(String name, JsonNode image) {
            log.record("layers " + name);
            return new ImageClient.ImageLayers(image.path("Id").asText(), List.of());
        }

        @Override
        public InputStream open(String digest) {
            throw new IllegalStateException("no blobs here: the node's layers are recorded, not unpacked");
        }
    }

    final class Mounts implements MountSetup {
        @Override
        public Uni<List<MountPoint>> volumesFrom(List<String> volumesFrom, Function<String, Uni<String>> mountsOf) {
            log.record("volumesFrom");
            return Uni.createFrom().item(List.of());
        }

        @Override
        public List<MountPoint> prepare(String containerId, HostSpec host, List<String> configVolumes,
                List<MountPoint> volumesFrom) {
            log.record("prepareMounts");
            return List.of();
        }

        @Override
        public void writeBundle(String containerId, List<MountPoint> mounts) {
            log.record("writeMounts");
        }

        @Override
        public void releaseQuietly(String containerId, boolean removeAnonymous) {
            log.record("releaseVolumes " + (removeAnonymous ? "and anonymous" : "kept"));
        }
    }

    final class Networks implements NetworkRequests {
        @Override
        public String resolveMode(String mode) {
            log.record("resolveMode " + mode);
            return mode;
        }

        @Override
        public void recordCreate(Path bundle, String mode, Map<String, EndpointSpec> endpoints, String legacyMac) {
            log.record("recordNetworks " + mode);
        }
    }
}
