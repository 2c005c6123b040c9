package dev.berth.build.step;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The build's {@code --build-arg} values ({@code buildargs}: a null value names an arg without setting it), and
 * which of them a Dockerfile consumed, for dockerd's "were not consumed" warning. The proxy args may be used
 * without an ARG line and stay out of history and the cache key unless declared.
 */
public final class BuildArgs {
    public static final Set<String> PROXY = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final Map<String, String> values;
    private final Set<String> consumed = new java.util.concurrent.ConcurrentSkipListSet<>();

    public BuildArgs(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    public boolean provided(String name) {
        return values.containsKey(name) && values.get(name) != null;
    }

    /** The provided value of a declared arg, marking it consumed; null when none was given. */
    public String consume(String name) {
        consumed.add(name);
        return values.get(name);
    }

    /** Proxy args given on the command line, passed to RUN without being declared. */
    public Map<String, String> proxyValues() {
        Map<String, String> proxies = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (PROXY.contains(k) && v != null) {
                proxies.put(k, v);
            }
        });
        return proxies;
    }

    /** Names given but never declared by an ARG the build went through (proxies excepted), sorted. */
    public Set<String> unconsumed() {
        Set<String> unused = new TreeSet<>(values.keySet());
        unused.removeAll(consumed);
        unused.removeAll(PROXY);
        return unused;
    }
}
