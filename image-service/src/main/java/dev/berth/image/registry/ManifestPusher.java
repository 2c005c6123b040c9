package dev.berth.image.registry;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** {@code PUT /v2/<name>/manifests/<tag>}: the last step of a push, the manifest bytes exactly as given. */
@ApplicationScoped
public class ManifestPusher {
    private final RegistryClient client;

    public ManifestPusher(RegistryClient client) {
        this.client = client;
    }

    public void put(RegistrySession session, String tag, String mediaType, byte[] content) {
        HttpResponse<InputStream> response = client.exchange(session, "PUT", session.endpoint().manifest(tag),
                Map.of("Content-Type", mediaType), () -> HttpRequest.BodyPublishers.ofByteArray(content));
        if (response.statusCode() != 201 && response.statusCode() != 200 && response.statusCode() != 202) {
            throw RegistryClient.error(response, "");
        }
        RegistryClient.discard(response);
    }
}
