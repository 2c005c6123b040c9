package dev.berth.volume.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.contract.VolumeUsage;
import dev.berth.common.http.ServiceCalls;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Volume sizes as the node counts them (runtime-service walks {@code $BERTH_DATA/volumes}): the disk is the node's.
 * An unreachable node gives no sizes (Docker's -1, "not available") rather than a failure.
 */
@ApplicationScoped
public class NodeUsage {
    private static final Logger LOG = Logger.getLogger(NodeUsage.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(3));

    @ConfigProperty(name = "berth.runtime-url")
    String runtimeUrl;

    /**
     * Bytes per volume name (a volume no container used yet has no directory: 0), or null when the node cannot say;
     * completes on the caller's Vert.x context.
     */
    public Uni<Map<String, Long>> sizes() {
        Context ctx = Vertx.currentContext();
        HttpRequest request = ServiceCalls.request(URI.create(runtimeUrl.replaceAll("/$", "") + "/internal/volumes/usage"))
                .timeout(Duration.ofSeconds(60)).GET().build();
        Uni<Map<String, Long>> uni = Uni.createFrom()
                .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        LOG.warning("runtime-service answered " + response.statusCode() + " for volume usage");
                        return null;
                    }
                    try {
                        return JSON.readValue(response.body(), VolumeUsage.class).sizes();
                    } catch (Exception e) {
                        return null;
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warning("volume sizes not available: " + failure);
                    return null;
                });
        if (ctx == null) {
            return uni;
        }
        Executor onCtx = r -> ctx.runOnContext(v -> r.run());
        return uni.emitOn(onCtx);
    }
}
