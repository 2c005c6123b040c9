package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * image-service's 201 answer to a layer it made an image of: {@code docker commit} (runtime-service) and a build
 * step (runtime-service with a step container's layer, build-service without one); runtime-service passes it on. The request is the layer tar with its parameters in the query and headers (image-service
 * README).
 */
@WireContract(doc = "design", value = "image-service → runtime-service, build-service, answer to "
        + "`POST /internal/commit`, `POST /internal/build-step`; runtime-service → build-service, answer to "
        + "`POST /internal/containers/{id}/build-step`")
public record CreatedImage(@JsonProperty("Id") String id) {
}
