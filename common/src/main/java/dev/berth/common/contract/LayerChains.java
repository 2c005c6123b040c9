package dev.berth.common.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The chain ids ({@code sha256:…}, OCI ChainIDs) of every layer some image in image-service needs: a runtime node
 * keeps the unpacked layers among them (and those its containers use) and deletes the others.
 */
@WireContract(doc = "design", value = "image-service → runtime-service, answer to `GET /internal/layer-chains`")
public record LayerChains(@JsonProperty("Chains") List<String> chains) {
}
