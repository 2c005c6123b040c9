package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The bytes in each volume's data directory on a node (runtime-service walks {@code $BERTH_DATA/volumes}), by volume
 * name; volume-service puts them in {@code docker system df -v} and volume prune's SpaceReclaimed.
 */
@WireContract(doc = "design", value = "runtime-service → volume-service, answer to `GET /internal/volumes/usage`")
public record VolumeUsage(@JsonProperty("Sizes") Map<String, Long> sizes) {
}
