package dev.berth.runtime.api;

import dev.berth.common.contract.DiskUsagePart;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.rootfs.ContainerSizes;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** {@code GET /internal/df}: this node's containers for the gateway's {@code /system/df}, with SizeRw and SizeRootFs. */
@Path("/internal/df")
@Produces(MediaType.APPLICATION_JSON)
public class DiskUsageResource {
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerTx db;
    @Inject
    ContainerSizes sizes;
    @Inject
    dev.berth.runtime.node.NodePaths paths;

    @GET
    public Uni<DiskUsagePart> df() {
        return lookup.listAll().chain(all -> db.blocking(() -> {
            Instant now = Instant.now();
            List<Container> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparing((Container c) -> c.createdAt).reversed());
            List<Map<String, Object>> out = new ArrayList<>();
            for (Container c : sorted) {
                Map<String, Object> summary = ContainerViews.summary(c, now, paths);
                ContainerSizes.Sizes s = sizes.of(c.id, ContainerViews.strings(c.layers));
                summary.put("SizeRw", s.rw());
                summary.put("SizeRootFs", s.rootFs());
                out.add(summary);
            }
            return DiskUsagePart.containers(out);
        }));
    }
}
