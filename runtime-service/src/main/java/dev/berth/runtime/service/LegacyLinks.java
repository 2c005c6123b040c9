package dev.berth.runtime.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.runtime.domain.ContainerJson;
import dev.berth.runtime.node.NodePaths;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code docker rm --link parent/alias} ({@code DELETE /containers/parent/alias?link=1}), as moby's rmLink: the
 * parent forgets the link (HostConfig.Links; its next start has no such entry) and a running parent's
 * {@code /etc/hosts} loses the link's line (dockerd refreshes the sandbox). Neither container is touched otherwise.
 */
@ApplicationScoped
public class LegacyLinks {
    @Inject
    VerbSupport support;
    @Inject
    NodePaths paths;

    /** dockerd resolves "parent/alias" as a name first: an unknown one is a 404 for the whole name. */
    public Uni<Void> remove(String parentRef, String alias) {
        String full = parentRef + "/" + alias;
        return support.lookup().find(parentRef)
                .onFailure(f -> f instanceof BerthException b && b.kind() == ErrorKind.NOT_FOUND)
                .transform(f -> BerthException.notFound("No such container: " + full))
                .chain(parent -> {
                    String target = targetOf(parent.settings().links(), alias);
                    if (target == null) {
                        return Uni.createFrom().failure(BerthException.notFound("No such container: " + full));
                    }
                    return support.lookup().find(target).map(child -> child.id).onFailure().recoverWithItem("")
                            .chain(childId -> support.db().tx(() -> support.db().locked(parent.id).invoke(x -> {
                                if (x != null) {
                                    x.hostConfig = ContainerJson.toJson(without(
                                            ContainerJson.readTree(x.hostConfig), alias));
                                }
                            })).chain(() -> support.db().blocking(() -> {
                                dropHostsLine(paths.bundle(parent.id).resolve("hosts"), alias, childId);
                                return null;
                            })));
                });
    }

    /** {@code docker rm --link name}: a container's own name is no link (dockerd: a plain error, so a 500). */
    public static BerthException defaultLinkName() {
        return new BerthException(ErrorKind.INTERNAL, "Conflict, cannot remove the default link name of the container");
    }

    /** The container a {@code --link target[:alias]} entry names, for the alias; null when there is none. */
    static String targetOf(List<String> links, String alias) {
        for (String l : links) {
            String[] parts = l.split(":", 2);
            if (aliasOf(parts).equals(alias)) {
                return parts[0].replaceFirst("^/", "");
            }
        }
        return null;
    }

    private static String aliasOf(String[] parts) {
        String target = parts[0].replaceFirst("^/", "");
        return parts.length > 1 ? parts[1].substring(parts[1].lastIndexOf('/') + 1) : target;
    }

    static JsonNode without(JsonNode hostConfig, String alias) {
        ObjectNode hc = hostConfig.deepCopy();
        ArrayNode kept = hc.arrayNode();
        for (JsonNode l : hostConfig.path("Links")) {
            if (!aliasOf(l.asText().split(":", 2)).equals(alias)) {
                kept.add(l);
            }
        }
        if (kept.isEmpty()) {
            hc.putNull("Links");
        } else {
            hc.set("Links", kept);
        }
        return hc;
    }

    /** The link's line reads "ip\talias childId12[ name]" (ContainerNetworking); rewritten in place (bind mount). */
    static void dropHostsLine(Path hosts, String alias, String childId) throws IOException {
        if (!Files.isRegularFile(hosts)) {
            return;
        }
        String prefix = alias + " " + (childId.length() >= 12 ? childId.substring(0, 12) : childId);
        String text = Files.readString(hosts);
        String kept = text.lines().filter(line -> {
            int tab = line.indexOf('\t');
            String names = tab < 0 ? "" : line.substring(tab + 1);
            return !(names.equals(prefix) || names.startsWith(prefix + " "));
        }).collect(Collectors.joining("\n", "", "\n"));
        if (!kept.equals(text)) {
            Files.writeString(hosts, kept);
        }
    }
}
