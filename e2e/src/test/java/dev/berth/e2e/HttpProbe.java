package dev.berth.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Plain HTTP GETs from the test to a container's published port. */
final class HttpProbe {
    private HttpProbe() {
    }

    static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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
