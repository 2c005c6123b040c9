package dev.berth.common.http.forward;

import java.net.URI;

/** One service's HTTP address; {@code tls} for an {@code https://} URL (services on other machines). */
public record Upstream(String host, int port, boolean tls) {
    public static Upstream parse(String url) {
        URI uri = URI.create(url);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        return new Upstream(uri.getHost(), uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort(), tls);
    }
}
