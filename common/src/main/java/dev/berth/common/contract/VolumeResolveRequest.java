package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * runtime-service → volume-service {@code POST /internal/volumes/resolve}: the named volume (created when missing)
 * or a new anonymous one (empty {@code Name}), reserved for {@code Container} until its create event confirms it.
 */
@WireContract(doc = "design",
        value = "runtime-service → volume-service `POST /internal/volumes/resolve`")
public record VolumeResolveRequest(
        @JsonProperty("Name") String name,
        @JsonProperty("Container") String container,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DriverOpts") Map<String, String> driverOpts,
        @JsonProperty("Labels") Map<String, String> labels) {

    public VolumeResolveRequest {
        name = name == null ? "" : name;
        driver = driver == null ? "" : driver;
        driverOpts = driverOpts == null ? Map.of() : driverOpts;
        labels = labels == null ? Map.of() : labels;
    }
}
