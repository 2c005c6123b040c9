package dev.berth.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Calls from one berth service to another, made and mapped once: HTTP/1.1 (the JDK client would otherwise offer an
 * h2c upgrade on every request), an unreachable service is {@link ErrorKind#UNAVAILABLE}, and an answer that is not
 * 2xx becomes the other service's own Docker error ({@code {"message": ...}}) under its status's kind.
 */
public final class ServiceCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceCalls() {
    }

    /** A request to another berth service: it carries the cluster's {@link ServiceToken}. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header(ServiceToken.HEADER, ServiceToken.value());
    }

    /** A client for calls to other services; {@code https://} services must present a cluster CA's certificate. */
    public static HttpClient client(Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout);
        ServiceTls.ca().ifPresent(ca -> builder.sslContext(ServiceTls.trusting(ca)));
        return builder.build();
    }

    /**
     * Sends and reads the answer as text; {@code service} names the other side in the error ("image-service at …").
     * A plain call with a small body goes on this thread ({@link DirectCall}); the client is for the rest.
     */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, String service) {
        try {
            if (DirectCall.suits(request)) {
                return DirectCall.send(http, request);
            }
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.INTERNAL, "interrupted");
        }
    }

    /** Writes a request body. */
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Sends {@code request} (its method and headers) with the body {@code body} writes: over plain HTTP chunked, on
     * this thread, as it is written ({@link DirectCall}); over https written to a temporary file first.
     */
    public static HttpResponse<String> sendStreamed(HttpClient http, HttpRequest request, BodyWriter body,
            String service) {
        if ("http".equalsIgnoreCase(request.uri().getScheme())) {
            try {
                return DirectCall.sendStreamed(http, request, body);
            } catch (IOException e) {
                throw unreachable(service, e);
            }
        }
        Path file = null;
        try {
            file = Files.createTempFile("berth-body-", ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                body.writeTo(out);
            }
            HttpRequest withFile = HttpRequest.newBuilder(request, (name, value) -> true)
                    .method(request.method(), HttpRequest.BodyPublishers.ofFile(file)).build();
            return http.send(withFile, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.INTERNAL, "interrupted");
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file: the system's cleaner takes it
                }
            }
        }
    }

    /** A 503 naming {@code service} and what went wrong in words, not the exception's class. */
    public static BerthException unreachable(String service, IOException e) {
        String why;
        if (e instanceof java.net.http.HttpConnectTimeoutException
                || e instanceof java.net.SocketTimeoutException && "Connect timed out".equals(e.getMessage())) {
            why = "connect timed out";
        } else if (e instanceof java.net.http.HttpTimeoutException || e instanceof java.net.SocketTimeoutException) {
            why = "no answer in time";
        } else if (e instanceof java.net.ConnectException) {
            why = "connection refused";
        } else if (e.getMessage() != null && !e.getMessage().isBlank()) {
            why = e.getMessage();
        } else {
            why = "the connection failed";
        }
        return new BerthException(ErrorKind.UNAVAILABLE, service + " is not reachable: " + why, e);
    }

    /** The error an answer that is not 2xx stands for: its {@code message}, else {@code fallback}. */
    public static BerthException answered(HttpResponse<String> response, String fallback) {
        String message = fallback;
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body != null && body.hasNonNull("message")) {
                message = body.get("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the fallback
        }
        return new BerthException(ErrorKind.fromStatus(response.statusCode()), message);
    }
}
