package dev.berth.e2e.door;

import java.util.Map;

/**
 * An attempt's credentials. A password is {@code literal:<guess>}, {@code empty}, or {@code env:<VARIABLE>} (a real
 * secret, read from this process's environment and never printed).
 */
final class Credentials {
    private Credentials() {
    }

    /** The password an attempt uses: {@code literal:x}, {@code empty}, {@code env:NAME}, or none (null). */
    static String password(Map<String, String> spec) {
        String p = spec.get("password");
        if (p == null) {
            return null;
        }
        if (p.equals("empty")) {
            return "";
        }
        if (p.startsWith("literal:")) {
            return p.substring("literal:".length());
        }
        if (p.startsWith("env:")) {
            String value = System.getenv(p.substring("env:".length()));
            return value == null || value.isEmpty() ? null : value;
        }
        throw new IllegalArgumentException("password source " + p);
    }

    /** How an attempt's credentials are shown: guesses as they are, real secrets by the variable they came from. */
    static String shown(Map<String, String> spec) {
        String user = spec.get("user");
        String p = spec.get("password");
        String shown = p == null ? "" : p.equals("empty") ? "/(empty)" : p.startsWith("literal:")
                ? "/" + p.substring("literal:".length()) : "/<$" + p.substring("env:".length()) + ">";
        String mechanism = spec.containsKey("mechanism") ? spec.get("mechanism") + " " : "";
        String protocol = spec.containsKey("protocol") ? spec.get("protocol") + " " : "";
        String token = "env".equals(spec.get("token")) ? "service token from $BERTH_SERVICE_TOKEN"
                : "env".equals(spec.get("basic")) ? "registry password from $BERTH_REGISTRY_PASSWORD" : "";
        String who = user == null ? "" : user + shown;
        String all = (protocol + mechanism + who + token).trim();
        return all.isEmpty() ? "none" : all;
    }
}
