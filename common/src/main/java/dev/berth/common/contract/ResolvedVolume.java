package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** volume-service's answer to {@link VolumeResolveRequest}: the volume the container mounts. */
@WireContract(doc = "design",
        value = "volume-service → runtime-service, answer to `POST /internal/volumes/resolve`")
public record ResolvedVolume(
        @JsonProperty("Name") String name,
        @JsonProperty("VolumeId") String volumeId,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Anonymous") boolean anonymous) {

    public ResolvedVolume {
        driver = driver == null || driver.isEmpty() ? "local" : driver;
        options = options == null ? Map.of() : options;
    }
}
