package dev.berth.runtime.api;

import dev.berth.common.contract.NodeInfo;
import dev.berth.runtime.cluster.ClusterStatus;
import dev.berth.runtime.cluster.NodeRows;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.node.HostInfo;
import dev.berth.runtime.node.KernelFiles;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /internal/info}: this node's part of Docker's /info (docs/design.md). */
@Path("/internal/info")
@Produces(MediaType.APPLICATION_JSON)
public class InfoResource {
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerTx db;
    @Inject
    NodePaths paths;
    @Inject
    KernelFiles kernel;
    @Inject
    NodeRows nodes;

    /** This node's facts and containers, and the nodes of the cluster with their containers in SystemStatus. */
    @GET
    public Uni<NodeInfo> info() {
        return local().chain(info -> nodes.all().chain(all -> nodes.containersPerNode()
                .map(counts -> info.withSystemStatus(ClusterStatus.of(all, counts)))));
    }

    private Uni<NodeInfo> local() {
        return lookup.listAll().chain(all -> db.blocking(() -> {
            long running = all.stream().filter(c -> Container.RUNNING.equals(c.state)).count();
            long paused = all.stream().filter(c -> Container.PAUSED.equals(c.state)).count();
            return new HostInfo(kernel).info(paths, Runtime.getRuntime().availableProcessors(), all.size(), running,
                    paused);
        }));
    }
}
