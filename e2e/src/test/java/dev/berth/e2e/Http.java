package dev.berth.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP GET from the test JVM, as a test reaching a container's mapped port would do. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /** The body of a 200 answer; anything else fails the test. */
    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** The body, once the server answers (it may still be starting): tries for up to three seconds. */
    static String getEventually(String url) throws Exception {
        IOException last = null;
        for (int i = 0; i < 30; i++) {
            try {
                return get(url);
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }
}
