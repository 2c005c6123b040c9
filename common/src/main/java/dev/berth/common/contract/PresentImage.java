package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * image-service's 200 answer to {@code GET /internal/images/{name}}: the image a name resolves to, as inspect
 * resolves it, with the {@code Config} inspect shows, from one row (a 404 {@code No such image} otherwise). A build
 * asks it for each base image and for each stage's cached result.
 */
@WireContract(doc = "design", value = "image-service → build-service, answer to `GET /internal/images/{name}`")
public record PresentImage(@JsonProperty("Id") String id, @JsonProperty("Config") JsonNode config) {
}
