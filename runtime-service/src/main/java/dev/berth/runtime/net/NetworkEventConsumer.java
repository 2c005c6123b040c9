package dev.berth.runtime.net;

import dev.berth.common.contract.EventPayloads;
import dev.berth.common.contract.NetworkEventData;
import dev.berth.common.events.CloudEvent;
import dev.berth.common.events.EventJson;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A removed network's bridge, rules and DNS server go from this node. Idempotent without bookkeeping: a replayed
 * event finds nothing to remove, and a bridge that still has ports (a new network reusing a custom name) is kept.
 */
@ApplicationScoped
public class NetworkEventConsumer {
    private static final Logger LOG = Logger.getLogger(NetworkEventConsumer.class.getName());

    @Inject
    ContainerNetworking networking;

    @Incoming("network-events")
    public Uni<Void> onEvent(String json) {
        CloudEvent event;
        try {
            event = EventJson.read(json);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().voidItem();
        }
        if ("connect".equals(event.action()) || "disconnect".equals(event.action())) {
            return resync(event.subject());
        }
        NetworkEventData d = "destroy".equals(event.action()) ? EventPayloads.read(event, NetworkEventData.class) : null;
        if (d == null || d.bridge() == null) {
            return Uni.createFrom().voidItem();
        }
        HostNetwork.Bridge bridge = new HostNetwork.Bridge(d.bridge(), String.valueOf(d.subnet()),
                String.valueOf(d.gateway()), 0, Boolean.TRUE.equals(d.internal()));
        return Uni.createFrom().item(() -> {
            networking.dns().stop(event.subject());
            if (networking.overlay() != null) {
                networking.overlay().forget(event.subject());
            }
            try {
                if (!networking.host().bridgePorts(bridge.device()).map(List::isEmpty).orElse(false)) {
                    return null; // no such bridge here, or one a new network still uses
                }
            } catch (IllegalStateException e) {
                return null;
            }
            networking.host().removeBridge(bridge);
            LOG.info("removed bridge " + bridge.device() + " of network " + event.subject());
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** A container joined or left a network: where this node has its bridge, the other nodes' containers again. */
    private Uni<Void> resync(String networkId) {
        OverlayPeers overlay = networking.overlay();
        if (overlay == null || networkId == null || !overlay.networks().contains(networkId)) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
            overlay.sync(networkId);
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).replaceWithVoid()
                .onFailure().invoke(f -> LOG.fine("network " + networkId + ": " + f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
