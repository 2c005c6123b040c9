package dev.berth.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Credentials from Docker's {@code X-Registry-Auth} header (base64url JSON) or a {@code POST /auth} body. */
public record RegistryCredentials(String username, String password, String serverAddress) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Null when the header is absent or carries no username. */
    public static RegistryCredentials fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        byte[] bytes;
        try {
            String h = header.trim().replace('+', '-').replace('/', '_');
            bytes = Base64.getUrlDecoder().decode(h.replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw BerthException.invalid("invalid X-Registry-Auth header: " + e.getMessage());
        }
        return fromJson(bytes);
    }

    public static RegistryCredentials fromJson(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || node.path("username").asText("").isEmpty()) {
                return null;
            }
            return new RegistryCredentials(node.path("username").asText(), node.path("password").asText(""),
                    node.path("serveraddress").asText(""));
        } catch (java.io.IOException e) {
            throw BerthException.invalid("invalid registry credentials: " + e.getMessage());
        }
    }

    public String basicHeader() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
