package dev.berth.build.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.common.http.ServiceCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Blocking calls to one other berth service, with its errors mapped as {@link ServiceCalls} maps them. Every
 * instance shares one client, so its pooled connections outlive a build: a build made its own clients before, and
 * each opened new connections (and a selector thread) to runtime-service and image-service.
 */
final class ServiceHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient SHARED = ServiceCalls.client(Duration.ofSeconds(5));
    private final String base;
    private final String name;
    private final HttpClient http = SHARED;

    ServiceHttp(String base, String name) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.name = name;
    }

    HttpRequest.Builder request(String path, Map<String, String> query) {
        StringBuilder uri = new StringBuilder(base).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() != null) {
                uri.append(sep).append(e.getKey()).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return ServiceCalls.request(URI.create(uri.toString()));
    }

    /** Sends, expects 2xx, and reads the answer as JSON (an empty body as an empty object). */
    JsonNode json(HttpRequest request) {
        return json(ServiceCalls.send(http, request, name + " at " + base));
    }

    private JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw ServiceCalls.answered(response, name + " answered " + response.statusCode());
        }
        try {
            String body = response.body();
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw BerthException.internal(name + " answered with bad JSON: " + e.getMessage(), e);
        }
    }

    /** As {@link #json}, with the body {@code body} writes, sent as it is written. */
    JsonNode streamed(HttpRequest request, ServiceCalls.BodyWriter body) {
        return json(ServiceCalls.sendStreamed(http, request, body, name + " at " + base));
    }

    /** Sends and returns the status only (for HEAD and answers without a body of interest); errors as JSON. */
    HttpResponse<String> exchange(HttpRequest request) {
        return ServiceCalls.send(http, request, name + " at " + base);
    }

    /** Sends, expects 2xx, and hands over the body as a stream (the caller closes it). */
    InputStream stream(HttpRequest request) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw ServiceCalls.unreachable(name + " at " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.INTERNAL, "interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            String message = name + " answered " + response.statusCode();
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.hasNonNull("message")) {
                    message = node.get("message").asText();
                }
            } catch (IOException | RuntimeException e) {
                // not JSON
            }
            throw new BerthException(ErrorKind.fromStatus(response.statusCode()), message);
        }
        return response.body();
    }
}
