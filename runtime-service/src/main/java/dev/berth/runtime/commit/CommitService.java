package dev.berth.runtime.commit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.rootfs.ContainerArchive;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * docker commit: the container's upper dir becomes an OCI layer (whiteouts converted), frozen meanwhile unless
 * {@code pause=false}; image-service makes the image of it. Event {@code commit}.
 */
@ApplicationScoped
public class CommitService {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ContainerEvents events;
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerTx db;
    @Inject
    ContainerArchive archive;
    @Inject
    NodePaths paths;
    @ConfigProperty(name = "berth.image-url")
    String imageUrl;

    public record Request(String container, String repo, String tag, String comment, String author, boolean pause,
            List<String> changes, JsonNode config) {
    }

    public Uni<String> commit(Request r) {
        return lookup.find(r.container()).chain(c -> {
            JsonNode config = mergedConfig(c, r.config());
            ContainerArchive.Target target = new ContainerArchive.Target(c.id, r.container(),
                    strings(c.layers), "", false);
            return db.blocking(() -> {
                Path tar = paths.bundle(c.id).resolve("commit-" + UUID.randomUUID() + ".tar");
                try {
                    try (OutputStream out = Files.newOutputStream(tar)) {
                        archive.commitLayer(target, r.pause(), out);
                    }
                    Map<String, String> query = new LinkedHashMap<>();
                    query.put("parent", c.imageId);
                    query.put("container", c.id);
                    query.put("repo", r.repo());
                    query.put("tag", r.tag());
                    query.put("comment", r.comment());
                    query.put("author", r.author());
                    return new ImageCommitClient(imageUrl).commit(query, r.changes(), config, tar);
                } finally {
                    Files.deleteIfExists(tar);
                }
            }).call(imageId -> {
                Map<String, String> attributes = new LinkedHashMap<>();
                attributes.put("comment", r.comment() == null ? "" : r.comment());
                attributes.put("imageID", imageId);
                String ref = r.repo() == null || r.repo().isEmpty() ? ""
                        : r.repo() + ":" + (r.tag() == null || r.tag().isEmpty() ? "latest" : r.tag());
                attributes.put("imageRef", ref);
                return events.record(c.id, "commit", attributes);
            });
        });
    }

    /** The container's Config with the non-null fields of the request body's config over it. */
    static JsonNode mergedConfig(Container c, JsonNode override) {
        ObjectNode base;
        try {
            base = c.config == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(c.config);
        } catch (IOException | ClassCastException e) {
            base = JSON.createObjectNode();
        }
        if (override != null && override.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = override.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull() && !(e.getValue().isTextual() && e.getValue().asText().isEmpty())
                        && !(e.getValue().isContainerNode() && e.getValue().isEmpty())) {
                    base.set(e.getKey(), e.getValue());
                }
            }
        }
        return base;
    }

    static List<String> strings(String json) {
        List<String> out = new ArrayList<>();
        try {
            JSON.readTree(json).forEach(n -> out.add(n.asText()));
        } catch (IOException | RuntimeException e) {
            // none
        }
        return out;
    }
}
