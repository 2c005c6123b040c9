package dev.berth.network.events;

import dev.berth.network.service.NetworkService;
import dev.berth.network.service.NetworkSettings;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/** At start: the default bridge gets its device name and, the first time, its subnet. */
@ApplicationScoped
public class DefaultBridgeSetup {
    private static final Logger LOG = Logger.getLogger(DefaultBridgeSetup.class);

    void start(@Observes StartupEvent startup, Vertx vertx, NetworkService networks, NetworkSettings settings) {
        // a malformed BERTH_NETWORK_POOL stops the start, not the first network create
        LOG.infof("address pools %s", settings.addressPools());
        Context ctx = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(ctx, true);
        ctx.runOnContext(v -> networks.configureDefaultBridge()
                .onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(20)
                .subscribe().with(x -> LOG.info("default bridge configured"),
                        f -> LOG.error("cannot configure the default bridge", f)));
    }
}
