package dev.berth.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    /**
     * Sends {@code request} (its method and headers; any body it has is ignored) with {@code file} as the body,
     * streamed: over plain HTTP on this thread ({@link DirectCall}), over https through the client.
     */
    public static HttpResponse<String> sendFile(HttpClient http, HttpRequest request, Path file, String service) {
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (IOException e) {
            throw BerthException.internal("cannot read " + file + " to send it to " + service + ": " + e, e);
        }
        try {
            if ("http".equalsIgnoreCase(request.uri().getScheme())) {
                return DirectCall.sendFile(http, request, file, size);
            }
            HttpRequest withFile = HttpRequest.newBuilder(request, (name, value) -> true)
                    .method(request.method(), HttpRequest.BodyPublishers.ofFile(file)).build();
            return http.send(withFile, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.INTERNAL, "interrupted");
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
