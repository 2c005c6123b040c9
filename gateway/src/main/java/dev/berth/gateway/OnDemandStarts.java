package dev.berth.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Services started on the first request that needs them ({@link OnDemandService}): build-service's start command
 * ({@code BERTH_BUILD_START_COMMAND}, set by {@code ./berth up}; unset: it always runs) and how long a start may take.
 */
@ConfigMapping(prefix = "berth.on-demand")
public interface OnDemandStarts {
    Optional<String> build();

    @WithDefault("150")
    int timeoutSeconds();
}
