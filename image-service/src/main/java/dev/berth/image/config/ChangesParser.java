package dev.berth.image.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies the Dockerfile-style instructions of {@code docker import --change} to an image's {@code config} object:
 * CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL, EXPOSE, VOLUME, STOPSIGNAL, ONBUILD.
 */
public final class ChangesParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ChangesParser() {
    }

    /** Applies every change (each may hold several lines) to {@code config}, in order. */
    public static void apply(List<String> changes, ObjectNode config) {
        if (changes == null) {
            return;
        }
        for (String change : changes) {
            if (change == null) {
                continue;
            }
            for (String line : joinContinuations(change)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                applyLine(trimmed, config);
            }
        }
    }

    private static List<String> joinContinuations(String change) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : change.split("\\r?\\n")) {
            if (raw.endsWith("\\")) {
                current.append(raw, 0, raw.length() - 1);
            } else {
                current.append(raw);
                lines.add(current.toString());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            lines.add(current.toString());
        }
        return lines;
    }

    private static void applyLine(String line, ObjectNode config) {
        int space = indexOfWhitespace(line);
        String instruction = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String args = space < 0 ? "" : line.substring(space).strip();
        switch (instruction) {
            case "CMD" -> config.set("Cmd", command(args, instruction));
            case "ENTRYPOINT" -> config.set("Entrypoint", command(args, instruction));
            case "ENV" -> env(args, config);
            case "WORKDIR" -> config.put("WorkingDir", requireArg(args, instruction));
            case "USER" -> config.put("User", requireArg(args, instruction));
            case "LABEL" -> label(args, config);
            case "EXPOSE" -> expose(args, config);
            case "VOLUME" -> volume(args, config);
            case "STOPSIGNAL" -> config.put("StopSignal", requireArg(args, instruction));
            case "ONBUILD" -> arrayOf(config, "OnBuild").add(requireArg(args, instruction));
            default -> throw BerthException.invalid(instruction.toLowerCase(Locale.ROOT) + " is not a valid change command");
        }
    }

    private static String requireArg(String args, String instruction) {
        if (args.isEmpty()) {
            throw BerthException.invalid(instruction + " requires exactly one argument");
        }
        return args;
    }

    /** JSON form {@code ["a","b"]} as is; shell form becomes {@code ["/bin/sh","-c","<text>"]}. */
    static ArrayNode command(String args, String instruction) {
        ArrayNode json = jsonArray(args);
        if (json != null) {
            return json;
        }
        ArrayNode shell = NODES.arrayNode();
        shell.add("/bin/sh").add("-c").add(requireArg(args, instruction));
        return shell;
    }

    private static ArrayNode jsonArray(String args) {
        if (!args.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(args);
            if (node == null || !node.isArray()) {
                return null;
            }
            ArrayNode out = NODES.arrayNode();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    return null;
                }
                out.add(item.asText());
            }
            return out;
        } catch (Exception e) {
            return null;
        }
    }

    private static void env(String args, ObjectNode config) {
        for (String[] pair : keyValues(args, "ENV")) {
            ArrayNode env = arrayOf(config, "Env");
            String prefix = pair[0] + "=";
            boolean replaced = false;
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).asText().startsWith(prefix)) {
                    env.set(i, NODES.textNode(prefix + pair[1]));
                    replaced = true;
                }
            }
            if (!replaced) {
                env.add(prefix + pair[1]);
            }
        }
    }

    private static void label(String args, ObjectNode config) {
        ObjectNode labels = objectOf(config, "Labels");
        for (String[] pair : keyValues(args, "LABEL")) {
            labels.put(pair[0], pair[1]);
        }
    }

    private static void expose(String args, ObjectNode config) {
        ObjectNode ports = objectOf(config, "ExposedPorts");
        for (String word : words(requireArg(args, "EXPOSE"))) {
            String port = word.contains("/") ? word.toLowerCase(Locale.ROOT) : word + "/tcp";
            String number = port.substring(0, port.indexOf('/'));
            String proto = port.substring(port.indexOf('/') + 1);
            if (!number.matches("[0-9]+(-[0-9]+)?") || !proto.matches("tcp|udp|sctp")) {
                throw BerthException.invalid("invalid containerPort: " + word);
            }
            ports.set(port, NODES.objectNode());
        }
    }

    private static void volume(String args, ObjectNode config) {
        ArrayNode json = jsonArray(args);
        List<String> paths = new ArrayList<>();
        if (json != null) {
            json.forEach(n -> paths.add(n.asText()));
        } else {
            paths.addAll(words(requireArg(args, "VOLUME")));
        }
        ObjectNode volumes = objectOf(config, "Volumes");
        for (String path : paths) {
            if (path.isBlank()) {
                throw BerthException.invalid("VOLUME specified can not be an empty string");
            }
            volumes.set(path, NODES.objectNode());
        }
    }

    /**
     * {@code k=v k2="v 2"} pairs; the legacy form {@code KEY some value} (no {@code =} in the first word) is one
     * pair whose value is the rest of the line.
     */
    static List<String[]> keyValues(String args, String instruction) {
        List<String> words = words(requireArg(args, instruction));
        List<String[]> pairs = new ArrayList<>();
        int space = indexOfWhitespace(args);
        String first = space < 0 ? args : args.substring(0, space);
        if (!first.contains("=")) {
            if (space < 0) {
                throw BerthException.invalid(instruction + " must have two arguments");
            }
            pairs.add(new String[] {unquote(first), args.substring(space).strip()});
            return pairs;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw BerthException.invalid("Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
            }
            pairs.add(new String[] {word.substring(0, eq), word.substring(eq + 1)});
        }
        return pairs;
    }

    /** Splits on unquoted whitespace, removing quotes and backslash escapes like the Dockerfile parser. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else {
                word.append(c);
            }
        }
        if (quote != 0) {
            throw BerthException.invalid("unexpected end of statement while looking for matching " + quote);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    private static String unquote(String s) {
        List<String> w = words(s);
        return w.isEmpty() ? "" : w.get(0);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static ArrayNode arrayOf(ObjectNode config, String field) {
        JsonNode node = config.get(field);
        if (node instanceof ArrayNode array) {
            return array;
        }
        return config.putArray(field);
    }

    private static ObjectNode objectOf(ObjectNode config, String field) {
        JsonNode node = config.get(field);
        if (node instanceof ObjectNode object) {
            return object;
        }
        return config.putObject(field);
    }
}
