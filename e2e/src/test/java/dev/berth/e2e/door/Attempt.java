package dev.berth.e2e.door;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One attempt: what was asked (the probe's argument) and what happened (its JSON line, null if none came). */
public record Attempt(Map<String, String> spec, JsonNode result) {
    public String id() {
        return spec.get("id");
    }

    public String kind() {
        return spec.get("kind");
    }

    /** An attempt of the root probe that holds only part of the credentials, and must be refused. */
    public boolean expectedRefused() {
        return "refused".equals(spec.get("expect"));
    }

    public String target() {
        return spec.get("target") + (spec.containsKey("path") ? " " + spec.get("path") : "");
    }

    public boolean refused() {
        return result != null && result.path("refused").asBoolean(false)
                && !result.path("probeError").asBoolean(false);
    }

    public boolean answered() {
        return result != null && !result.path("refused").asBoolean(true)
                && !result.path("probeError").asBoolean(false);
    }

    public String show() {
        if (result == null) {
            return String.format("%-8s %-17s %-44s %s", "NO LINE", kind(), target(),
                    "the probe printed nothing for this attempt");
        }
        String verdict = result.path("probeError").asBoolean() ? "BROKEN"
                : result.path("refused").asBoolean() ? "refused" : "ANSWERED";
        return String.format("%-8s %-17s %-44s %-40s %s (%d ms)", verdict, kind(), target(),
                result.path("credentials").asText(), result.path("outcome").asText(), result.path("ms").asLong());
    }
}
