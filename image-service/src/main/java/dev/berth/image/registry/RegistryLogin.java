package dev.berth.image.registry;

import dev.berth.common.errors.ErrorKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;

/** {@code docker login}: checks credentials against the registry's {@code GET /v2/} (answering its challenge). */
@ApplicationScoped
public class RegistryLogin {
    private final RegistryClient client;

    public RegistryLogin(RegistryClient client) {
        this.client = client;
    }

    /** Returns normally when the registry accepts the credentials; a 401 {@link RegistryException} otherwise. */
    public void check(RegistryEndpoint endpoint, RegistryCredentials credentials) {
        RegistrySession session = new RegistrySession(endpoint, credentials, null);
        HttpResponse<InputStream> response;
        try {
            response = client.get(session, endpoint.ping(), Map.of());
        } catch (RegistryException e) {
            if (e.status() == 401) {
                throw failed(endpoint, 401);
            }
            throw e;
        }
        RegistryClient.discard(response);
        if (response.statusCode() != 200) {
            throw failed(endpoint, response.statusCode());
        }
    }

    private static RegistryException failed(RegistryEndpoint endpoint, int status) {
        String text = switch (status) {
            case 401 -> "401 Unauthorized";
            case 403 -> "403 Forbidden";
            case 404 -> "404 Not Found";
            default -> String.valueOf(status);
        };
        return new RegistryException(status == 401 ? ErrorKind.FORBIDDEN : ErrorKind.INTERNAL, status, null,
                "login attempt to " + endpoint.ping() + " failed with status: " + text);
    }
}
