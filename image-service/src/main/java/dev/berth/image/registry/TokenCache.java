package dev.berth.image.registry;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Bearer tokens per registry + scope (+ user), kept until shortly before they expire. */
@ApplicationScoped
public class TokenCache {
    private record Entry(String token, Instant expires) {
    }

    private final ConcurrentHashMap<String, Entry> tokens = new ConcurrentHashMap<>();

    static String key(String registry, String scope, String user) {
        return registry + "|" + scope + "|" + (user == null ? "" : user);
    }

    public String get(String key) {
        Entry e = tokens.get(key);
        if (e == null) {
            return null;
        }
        if (Instant.now().isAfter(e.expires)) {
            tokens.remove(key, e);
            return null;
        }
        return e.token;
    }

    public void put(String key, String token, long expiresInSeconds) {
        long ttl = Math.max(60, expiresInSeconds) - 10;
        tokens.put(key, new Entry(token, Instant.now().plusSeconds(ttl)));
    }

    public void invalidate(String key) {
        tokens.remove(key);
    }
}
