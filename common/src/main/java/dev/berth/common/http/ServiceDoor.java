package dev.berth.common.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Who may call a service: another berth service (it presents the cluster's {@link ServiceToken}) and nobody else.
 * The one exception is the registry side ({@code /v2/...}, served by image-service), which also accepts HTTP basic
 * auth with the registry password, and anonymous reads where the operator asked for them.
 */
public final class ServiceDoor {
    /** Why a call is refused, and how the answer is shaped. */
    public record Refusal(String message, boolean registry) {
    }

    /** The registry side's own rules: its basic-auth password (empty: none) and whether anyone may read. */
    public record RegistryAccess(String password, boolean anonymousRead) {
        public static final RegistryAccess CLOSED = new RegistryAccess("", false);
    }

    private final String token;
    private final RegistryAccess registry;

    public ServiceDoor(String token, RegistryAccess registry) {
        this.token = token == null ? "" : token;
        this.registry = registry;
    }

    /** {@code null} when the call may go on, else why not. */
    public Refusal check(String method, String path, String presentedToken, String authorization) {
        if (ServiceToken.matches(token, presentedToken)) {
            return null;
        }
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            boolean read = method.equals("GET") || method.equals("HEAD");
            if ((read && registry.anonymousRead()) || basicPasswordMatches(authorization)) {
                return null;
            }
            return new Refusal("authentication required", true);
        }
        return new Refusal(token.isEmpty()
                ? "this berth service has no BERTH_SERVICE_TOKEN and accepts no calls"
                : "only berth's own services may call this port; use the Docker socket", false);
    }

    private boolean basicPasswordMatches(String authorization) {
        if (registry.password().isEmpty() || authorization == null
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && ServiceToken.matches(registry.password(), decoded.substring(colon + 1));
    }
}
