package dev.berth.runtime.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.contract.LayerChains;
import dev.berth.common.errors.BerthException;
import dev.berth.common.http.ServiceCalls;
import dev.berth.runtime.node.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** image-service over HTTP (blocking: call it from worker threads only). */
public final class ImageClient implements ImageSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Any repository name serves image ids and blobs. */
    private static final String REPOSITORY = "berth/node";

    private final String base;
    private final java.util.Map<String, ImageLayers> byId = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(5));

    public record ImageLayers(String id, List<LayerStore.Layer> layers) {
    }

    public ImageClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Docker's image inspect object; 404 as image-service says it (the CLI then pulls). */
    @Override
    public JsonNode inspect(String name) {
        return getJson("/images/" + encode(name) + "/json", name);
    }

    /**
     * The layers of an image already inspected, through image-service's Distribution API: inspect gave the id and diff
     * ids, the manifest (by image id, which image-service accepts as a manifest reference) gives the blob digests,
     * bottom layer first. An image id names its content, so its layer list never changes: it is asked for once per id
     * and kept (a few hundred bytes per image).
     */
    @Override
    public ImageLayers layers(String name, JsonNode image) {
        String id = image.path("Id").asText();
        ImageLayers known = byId.get(id);
        if (known != null) {
            return known;
        }
        ImageLayers fetched = fetchLayers(name, id, image);
        if (byId.size() > 4096) {
            byId.clear();
        }
        byId.put(id, fetched);
        return fetched;
    }

    @Override
    public void forget(String id) {
        byId.remove(id);
    }

    private ImageLayers fetchLayers(String name, String id, JsonNode image) {
        JsonNode manifest = getJson("/v2/" + REPOSITORY + "/manifests/" + id, name);
        JsonNode diffIds = image.path("RootFS").path("Layers");
        JsonNode blobs = manifest.path("layers");
        if (diffIds.size() != blobs.size()) {
            throw BerthException.internal("image-service's manifest for " + id + " lists " + blobs.size()
                    + " layers, its config " + diffIds.size(), null);
        }
        List<LayerStore.Layer> layers = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) {
            layers.add(new LayerStore.Layer(diffIds.get(i).asText(null), blobs.get(i).path("digest").asText(null)));
        }
        return new ImageLayers(id, layers);
    }

    @Override
    public InputStream open(String digest) throws IOException {
        HttpRequest request = ServiceCalls.request(URI.create(base + "/v2/" + REPOSITORY + "/blobs/" + digest)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("image-service answered " + response.statusCode() + " for blob " + digest);
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The chain id of every layer some image needs ({@code GET /internal/layer-chains}). */
    public Set<String> layerChains() {
        try {
            LayerChains chains = JSON.treeToValue(getJson("/internal/layer-chains", "layer chains"), LayerChains.class);
            return chains.chains() == null ? Set.of() : Set.copyOf(chains.chains());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw BerthException.internal("image-service sent unreadable layer chains", e);
        }
    }

    private JsonNode getJson(String path, String name) {
        HttpRequest request = ServiceCalls.request(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .GET().build();
        HttpResponse<String> response = ServiceCalls.send(http, request, "image-service at " + base);
        if (response.statusCode() == 200) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw BerthException.internal("image-service sent unreadable JSON for " + path, e);
            }
        }
        throw ServiceCalls.answered(response, response.statusCode() == 404 ? "No such image: " + name
                : "image-service answered " + response.statusCode() + " for " + path);
    }

    private static String encode(String name) {
        // keep '/' and ':' (image references), escape the rest
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("%3A", ":").replace("+", "%20"));
        }
        return out.toString();
    }
}
