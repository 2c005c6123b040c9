package dev.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.ErrorKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * GETs against a registry: adds the session's Authorization, answers a 401 challenge once, waits out 429/503 with
 * {@code Retry-After}, follows redirects itself (never carrying Authorization to another host).
 */
@ApplicationScoped
public class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RETRIES = 4;
    private static final int MAX_REDIRECTS = 5;

    private final RegistryAuthenticator authenticator;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public RegistryClient(RegistryAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The response (any status but 401/429/503/redirects, which are handled); the caller closes the body. */
    public HttpResponse<InputStream> get(RegistrySession session, URI uri, Map<String, String> headers) {
        return exchange(session, "GET", uri, headers, null);
    }

    /**
     * Any request: {@code body} makes a fresh publisher for each attempt (null = no body). Redirects are followed
     * for GET and HEAD only. Same 401/429/503 handling as {@link #get}.
     */
    public HttpResponse<InputStream> exchange(RegistrySession session, String method, URI uri,
            Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body) {
        if (session.authorization() == null) {
            session.authorization(authenticator.cached(session, session.scope()));
        }
        boolean challenged = false;
        int retries = 0;
        int redirects = 0;
        boolean idempotentRead = method.equals("GET") || method.equals("HEAD");
        URI target = uri;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.get());
            headers.forEach(request::header);
            boolean sameHost = sameHost(target, session.endpoint().base());
            if (sameHost && session.authorization() != null) {
                request.header("Authorization", session.authorization());
            }
            HttpResponse<InputStream> response = send(session, request.build());
            int status = response.statusCode();
            if (status == 401 && sameHost && !challenged) {
                discard(response);
                challenged = true;
                String challenge = response.headers().firstValue("WWW-Authenticate").orElse(null);
                session.authorization(authenticator.authorize(session, challenge, session.scope()));
                continue;
            }
            if ((status == 429 || status == 503) && retries < MAX_RETRIES) {
                discard(response);
                retries++;
                sleep(retryAfter(response, retries));
                continue;
            }
            if (idempotentRead && status >= 300 && status < 400 && status != 304 && redirects < MAX_REDIRECTS) {
                String location = response.headers().firstValue("Location").orElse(null);
                if (location != null) {
                    discard(response);
                    redirects++;
                    target = target.resolve(location);
                    continue;
                }
            }
            return response;
        }
    }

    private HttpResponse<InputStream> send(RegistrySession session, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            String why = e instanceof java.net.ConnectException
                    ? "dial tcp " + request.uri().getHost() + ":" + port(request.uri()) + ": connect: connection refused"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String verb = request.method().charAt(0) + request.method().substring(1).toLowerCase(Locale.ROOT);
            throw new RegistryException(ErrorKind.INTERNAL, 0, null, verb + " \"" + request.uri() + "\": " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(ErrorKind.INTERNAL, 0, null, "interrupted");
        }
    }

    /** Turns a non-2xx response into an error: {@code <code lowercased>: <message>} as Docker prints errcodes. */
    public static RegistryException error(HttpResponse<InputStream> response, String context) {
        int status = response.statusCode();
        String code = null;
        String message;
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(64 * 1024);
            JsonNode first = JSON.readTree(bytes).path("errors").path(0);
            code = first.path("code").asText(null);
            String text = first.path("message").asText("");
            message = code == null ? "status " + status
                    : code.toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + text;
        } catch (IOException | RuntimeException e) {
            message = "unexpected status " + status;
        }
        ErrorKind kind = status == 404 ? ErrorKind.NOT_FOUND
                : status == 401 || status == 403 ? ErrorKind.FORBIDDEN : ErrorKind.INTERNAL;
        return new RegistryException(kind, status, code, context + message);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    private static long retryAfter(HttpResponse<?> response, int attempt) {
        String value = response.headers().firstValue("Retry-After").orElse("");
        try {
            return Math.min(30_000, Math.max(0, Long.parseLong(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            return Math.min(30_000, 500L << attempt);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(ErrorKind.INTERNAL, 0, null, "interrupted");
        }
    }

    static void discard(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.readNBytes(64 * 1024);
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
