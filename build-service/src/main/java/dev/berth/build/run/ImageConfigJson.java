package dev.berth.build.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.build.step.ImageSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Docker's image {@code Config} JSON to and from {@link ImageSettings}: the wire form kept apart from the domain. */
public final class ImageConfigJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private ImageConfigJson() {
    }

    public static ImageSettings read(JsonNode config) {
        if (config == null || !config.isObject()) {
            return ImageSettings.EMPTY;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        JsonNode health = config.path("Healthcheck");
        ImageSettings.Healthcheck healthcheck = health.isObject() ? new ImageSettings.Healthcheck(
                strings(health.get("Test")), longOrNull(health, "Interval"), longOrNull(health, "Timeout"),
                longOrNull(health, "StartPeriod"), longOrNull(health, "StartInterval"),
                health.hasNonNull("Retries") ? health.get("Retries").asInt() : null) : null;
        List<String> onBuild = strings(config.get("OnBuild"));
        return new ImageSettings(orEmpty(strings(config.get("Env"))), strings(config.get("Cmd")),
                strings(config.get("Entrypoint")), config.path("WorkingDir").asText(""),
                config.path("User").asText(""), keys(config.path("ExposedPorts")), keys(config.path("Volumes")),
                labels, orEmpty(onBuild), config.hasNonNull("StopSignal") ? config.get("StopSignal").asText() : null,
                healthcheck, strings(config.get("Shell")));
    }

    public static ObjectNode write(ImageSettings s) {
        ObjectNode config = JSON.createObjectNode();
        config.put("Hostname", "");
        config.put("Domainname", "");
        config.put("User", s.user());
        config.put("AttachStdin", false);
        config.put("AttachStdout", false);
        config.put("AttachStderr", false);
        if (!s.exposedPorts().isEmpty()) {
            ObjectNode ports = config.putObject("ExposedPorts");
            s.exposedPorts().forEach(p -> ports.putObject(p));
        }
        config.put("Tty", false);
        config.put("OpenStdin", false);
        config.put("StdinOnce", false);
        array(config, "Env", s.env());
        array(config, "Cmd", s.cmd());
        if (s.healthcheck() != null) {
            ObjectNode health = config.putObject("Healthcheck");
            array(health, "Test", s.healthcheck().test());
            putIfSet(health, "Interval", s.healthcheck().intervalNanos());
            putIfSet(health, "Timeout", s.healthcheck().timeoutNanos());
            putIfSet(health, "StartPeriod", s.healthcheck().startPeriodNanos());
            putIfSet(health, "StartInterval", s.healthcheck().startIntervalNanos());
            if (s.healthcheck().retries() != null && s.healthcheck().retries() != 0) {
                health.put("Retries", s.healthcheck().retries());
            }
        }
        config.putNull("Image");
        if (s.volumes().isEmpty()) {
            config.putNull("Volumes");
        } else {
            ObjectNode volumes = config.putObject("Volumes");
            s.volumes().forEach(v -> volumes.putObject(v));
        }
        config.put("WorkingDir", s.workingDir());
        array(config, "Entrypoint", s.entrypoint());
        array(config, "OnBuild", s.onBuild().isEmpty() ? null : s.onBuild());
        ObjectNode labels = config.putObject("Labels");
        s.labels().forEach(labels::put);
        if (s.stopSignal() != null) {
            config.put("StopSignal", s.stopSignal());
        }
        if (s.shell() != null) {
            array(config, "Shell", s.shell());
        }
        return config;
    }

    private static void array(ObjectNode node, String field, List<String> values) {
        if (values == null) {
            node.putNull(field);
            return;
        }
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    private static void putIfSet(ObjectNode node, String field, Long value) {
        if (value != null && value != 0) {
            node.put(field, value);
        }
    }

    private static Long longOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asLong() : null;
    }

    static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new LinkedHashSet<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }
}
