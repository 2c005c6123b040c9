package dev.berth.gateway;

import dev.berth.common.http.forward.Upstream;
import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** Where each owning service listens ({@code BERTH_<SERVICE>_URL}). */
@ConfigMapping(prefix = "berth")
public interface Upstreams {
    Map<String, String> services();

    String socket();

    String kafka();

    default Upstream of(Owner owner) {
        return Upstream.parse(services().get(owner.configName()));
    }
}
