package dev.berth.gateway;

import java.net.URI;

/** One service's HTTP address. */
public record Upstream(String host, int port) {
    public static Upstream parse(String url) {
        URI uri = URI.create(url);
        return new Upstream(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    }
}
