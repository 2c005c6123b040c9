package dev.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.ErrorKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Answers a registry's 401 challenge: {@code Basic} uses the credentials directly; {@code Bearer} fetches a token from
 * the realm (with basic credentials when given) and caches it per registry + scope.
 */
@ApplicationScoped
public class RegistryAuthenticator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenCache tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public RegistryAuthenticator(TokenCache tokens) {
        this.tokens = tokens;
    }

    /** A cached bearer token for the session's pull scope, as an Authorization value, or null. */
    public String cached(RegistrySession session, String scope) {
        String token = tokens.get(cacheKey(session, scope));
        return token == null ? null : "Bearer " + token;
    }

    /** The Authorization value answering {@code challenge}; fails with 401-ish errors when it cannot. */
    public String authorize(RegistrySession session, String wwwAuthenticate, String scope) {
        Challenge challenge = Challenge.parse(wwwAuthenticate);
        RegistryCredentials creds = session.credentials();
        if (challenge == null || challenge.isBasic()) {
            if (creds == null) {
                throw unauthorized(session, "no basic auth credentials");
            }
            return creds.basicHeader();
        }
        if (!challenge.isBearer()) {
            throw unauthorized(session, "unsupported authentication scheme " + challenge.scheme());
        }
        String realm = challenge.params().get("realm");
        if (realm == null || realm.isEmpty()) {
            throw unauthorized(session, "bearer challenge without realm");
        }
        String wanted = scopes(scope, challenge.params().get("scope"));
        String key = cacheKey(session, wanted);
        tokens.invalidate(key);
        StringBuilder uri = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        String service = challenge.params().get("service");
        if (service != null) {
            uri.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8)).append('&');
        }
        if (wanted != null) {
            String sep = "";
            for (String one : wanted.split(" ")) {
                uri.append(sep).append("scope=").append(URLEncoder.encode(one, StandardCharsets.UTF_8));
                sep = "&";
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(Duration.ofSeconds(30)).GET();
        if (creds != null) {
            request.header("Authorization", creds.basicHeader());
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw unauthorized(session, "token request denied (" + response.statusCode() + ")");
            }
            if (response.statusCode() != 200) {
                throw new RegistryException(ErrorKind.INTERNAL, response.statusCode(), null,
                        "token request to " + realm + " failed with status " + response.statusCode());
            }
            JsonNode body = JSON.readTree(response.body());
            String token = body.path("token").asText("");
            if (token.isEmpty()) {
                token = body.path("access_token").asText("");
            }
            if (token.isEmpty()) {
                throw unauthorized(session, "token server returned no token");
            }
            tokens.put(key, token, body.path("expires_in").asLong(60));
            return "Bearer " + token;
        } catch (IOException e) {
            throw new RegistryException(ErrorKind.INTERNAL, 0, null,
                    "token request to " + realm + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(ErrorKind.INTERNAL, 0, null, "interrupted");
        }
    }

    /**
     * The scopes to ask for: the session's (a push asks for {@code pull,push} at once, as Docker does) plus whatever
     * else the challenge names (a mount's source repository), space-separated; null when neither has any.
     */
    static String scopes(String session, String challenged) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        if (session != null && !session.isBlank()) {
            all.addAll(java.util.List.of(session.trim().split("\\s+")));
        }
        if (challenged != null && !challenged.isBlank()) {
            for (String one : challenged.trim().split("\\s+")) {
                if (!covered(all, one)) {
                    all.add(one);
                }
            }
        }
        return all.isEmpty() ? null : String.join(" ", all);
    }

    /** {@code repository:x:pull} is covered by {@code repository:x:pull,push}. */
    private static boolean covered(java.util.Set<String> have, String wanted) {
        int cut = wanted.lastIndexOf(':');
        if (cut < 0) {
            return have.contains(wanted);
        }
        String resource = wanted.substring(0, cut);
        java.util.List<String> actions = java.util.List.of(wanted.substring(cut + 1).split(","));
        for (String h : have) {
            int c = h.lastIndexOf(':');
            if (c > 0 && h.substring(0, c).equals(resource)
                    && java.util.List.of(h.substring(c + 1).split(",")).containsAll(actions)) {
                return true;
            }
        }
        return false;
    }

    private static String cacheKey(RegistrySession session, String scope) {
        RegistryCredentials c = session.credentials();
        return TokenCache.key(session.endpoint().host(), scope, c == null ? null : c.username());
    }

    private static RegistryException unauthorized(RegistrySession session, String why) {
        return new RegistryException(ErrorKind.FORBIDDEN, 401, "UNAUTHORIZED",
                "Head \"" + session.endpoint().ping() + "\": unauthorized: " + why);
    }
}
