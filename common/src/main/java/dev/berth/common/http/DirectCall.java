package dev.berth.common.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSession;

/**
 * A call between services made on the calling thread over {@link HttpURLConnection} and its keep-alive connection
 * cache, where the JDK's {@link HttpClient} hands every exchange between its selector thread, its executor and the
 * caller: measured at C1 against image-service, 0.8-1.5 ms a call against 2.1-5 ms (bench/README.md). Only for
 * plain {@code http://} calls whose body is known and small ({@link #suits}); the rest go through the client.
 */
final class DirectCall {
    private static final long LARGEST_BODY = 1 << 20;

    private DirectCall() {
    }

    /** Whether this request can go directly: plain HTTP, and no body or a body of known, small length. */
    static boolean suits(HttpRequest request) {
        if (!"http".equalsIgnoreCase(request.uri().getScheme())) {
            return false;
        }
        long length = request.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(0L);
        return length >= 0 && length <= LARGEST_BODY;
    }

    /** Sends {@code request} and reads the answer as text. */
    static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException {
        byte[] body = body(request);
        return send(client, request, body.length, out -> out.write(body));
    }

    /** Sends {@code request} with the body {@code body} writes, chunked, as it writes it. */
    static HttpResponse<String> sendStreamed(HttpClient client, HttpRequest request, ServiceCalls.BodyWriter body)
            throws IOException {
        return send(client, request, -1, body);
    }

    /** {@code length}: the body's, or -1 for a chunked body of unknown length. */
    private static HttpResponse<String> send(HttpClient client, HttpRequest request, long length,
            ServiceCalls.BodyWriter body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(client.connectTimeout()));
        connection.setReadTimeout(millis(request.timeout()));
        connection.setRequestMethod(request.method());
        request.headers().map().forEach((name, values) -> values.forEach(v -> connection.addRequestProperty(name, v)));
        boolean sendsBody = length != 0 || request.method().equals("POST") || request.method().equals("PUT");
        if (sendsBody) {
            connection.setDoOutput(true);
            if (length < 0) {
                connection.setChunkedStreamingMode(64 * 1024);
            } else {
                connection.setFixedLengthStreamingMode(length);
            }
            try (OutputStream out = connection.getOutputStream()) {
                body.writeTo(out);
            }
        }
        int status = connection.getResponseCode();
        String text;
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Answer(status, request, headers(connection), text);
    }

    private static int millis(Optional<Duration> timeout) {
        return timeout.map(t -> (int) Math.min(Integer.MAX_VALUE, t.toMillis())).orElse(0);
    }

    /** The request's body, from its publisher (which hands small known bodies over on the subscribing thread). */
    private static byte[] body(HttpRequest request) throws IOException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the request body: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static HttpHeaders headers(HttpURLConnection connection) {
        Map<String, List<String>> named = new LinkedHashMap<>();
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) {
                named.put(name, values);
            }
        });
        return HttpHeaders.of(named, (name, value) -> true);
    }

    private record Answer(int statusCode, HttpRequest request, HttpHeaders headers, String body)
            implements HttpResponse<String> {
        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
