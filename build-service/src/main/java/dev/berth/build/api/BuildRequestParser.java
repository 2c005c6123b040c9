package dev.berth.build.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.build.run.BuildOptions;
import dev.berth.common.errors.BerthException;
import dev.berth.common.platform.GoArch;
import dev.berth.common.platform.PlatformSpecifier;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /build}'s query parameters to {@link BuildOptions}, refusing what dockerd refuses before it streams
 * anything (a plain 400 with dockerd's message): bad tags, bad JSON in {@code buildargs}/{@code labels}/
 * {@code cachefrom}, {@code squash}, security options, BuildKit sessions, a platform this machine cannot run,
 * numbers that are not numbers.
 */
public final class BuildRequestParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final String HOST_ARCH = GoArch.host();

    private BuildRequestParser() {
    }

    public static BuildOptions parse(MultiMap query, String registryConfig) {
        if (bool(query.get("squash"), false)) {
            throw BerthException.invalid("squash is only supported with experimental mode");
        }
        String securityOpt = query.get("securityopt");
        if (securityOpt != null && !securityOpt.isEmpty() && !securityOpt.equals("[]")) {
            throw BerthException.invalid("security options are not supported on linux");
        }
        if ("2".equals(query.get("version"))) {
            throw BerthException.invalid("BuildKit sessions (version=2) are not supported by berth: build with"
                    + " DOCKER_BUILDKIT=0 (the legacy protocol); berth reads the Dockerfile itself");
        }
        List<String> tags = new ArrayList<>(new LinkedHashSet<>(tags(query.getAll("t"))));
        List<String> dockerfiles = query.getAll("dockerfile");
        String dockerfile = dockerfiles.isEmpty() || dockerfiles.get(0).isEmpty() ? "" : dockerfiles.get(0);
        String platform = platform(query.get("platform"));
        return new BuildOptions(tags, dockerfile, stringMap(query.get("buildargs"), "build args"),
                bool(query.get("nocache"), false), bool(query.get("pull"), false), bool(query.get("q"), false),
                bool(query.get("rm"), true), bool(query.get("forcerm"), false),
                stringMap(query.get("labels"), "labels"), stringList(query.get("cachefrom"), "cache-from"),
                query.get("target"), query.get("networkmode"), extraHosts(query.getAll("extrahosts")),
                new BuildOptions.Limits(number(query, "memory"), number(query, "memswap"),
                        number(query, "cpushares"), query.get("cpusetcpus"), query.get("cpusetmems"),
                        number(query, "cpuperiod"), number(query, "cpuquota"), number(query, "shmsize")),
                platform, registryConfig);
    }

    /** The {@code remote} context URL, or null when the context is the request body. */
    public static String remote(MultiMap query) {
        String remote = query.get("remote");
        return remote == null || remote.isEmpty() ? null : remote;
    }

    /** dockerd's {@code httputils.BoolValue}: false only for "", 0, no, false, none. */
    static boolean bool(String value, boolean absent) {
        if (value == null) {
            return absent;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "", "0", "no", "false", "none" -> false;
            default -> true;
        };
    }

    private static List<String> tags(List<String> given) {
        List<String> tags = new ArrayList<>();
        for (String tag : given) {
            if (tag.isEmpty()) {
                continue;
            }
            if (tag.contains("@")) {
                throw BerthException.invalid("build tag cannot contain a digest");
            }
            int slash = tag.lastIndexOf('/');
            int colon = tag.lastIndexOf(':');
            String name = colon > slash ? tag.substring(0, colon) : tag;
            String version = colon > slash ? tag.substring(colon + 1) : "latest";
            String path = name;
            int firstSlash = name.indexOf('/');
            if (firstSlash > 0) {
                String host = name.substring(0, firstSlash);
                if (host.contains(".") || host.contains(":") || host.equals("localhost")) {
                    path = name.substring(firstSlash + 1);
                }
            }
            for (String component : path.split("/", -1)) {
                if (!COMPONENT.matcher(component).matches()) {
                    throw BerthException.invalid("invalid reference format" + (path.equals(path.toLowerCase(
                            Locale.ROOT)) ? "" : ": repository name (" + path + ") must be lowercase"));
                }
            }
            if (!TAG.matcher(version).matches()) {
                throw BerthException.invalid("invalid reference format");
            }
            tags.add(name + ":" + version);
        }
        return tags;
    }

    private static Map<String, String> stringMap(String json, String what) {
        Map<String, String> map = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return map;
        }
        JsonNode node = read(json, what);
        if (!node.isObject()) {
            throw BerthException.invalid("error reading " + what + ": not a JSON object");
        }
        node.fields().forEachRemaining(e -> map.put(e.getKey(),
                text(e.getValue(), what, "the value of " + e.getKey())));
        return map;
    }

    private static List<String> stringList(String json, String what) {
        List<String> list = new ArrayList<>();
        if (json == null || json.isBlank()) {
            return list;
        }
        JsonNode node = read(json, what);
        if (!node.isArray()) {
            throw BerthException.invalid("error reading " + what + ": not a JSON array");
        }
        node.forEach(v -> list.add(v.isNull() ? "" : text(v, what, "an item")));
        return list;
    }

    /** A string (or null) where moby decodes into a Go string: a number, list or object is its 400. */
    private static String text(JsonNode value, String what, String which) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw BerthException.invalid("error reading " + what + ": " + which + " is not a string");
        }
        return value.asText();
    }

    private static JsonNode read(String json, String what) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null) {
                throw BerthException.invalid("error reading " + what + ": empty");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw BerthException.invalid("error reading " + what + ": " + e.getOriginalMessage());
        }
    }

    private static List<String> extraHosts(List<String> given) {
        List<String> hosts = new ArrayList<>();
        for (String entry : given) {
            for (String host : entry.split(",")) {
                if (host.isEmpty()) {
                    continue;
                }
                int sep = host.indexOf(':');
                int eq = host.indexOf('=');
                if (sep <= 0 && eq <= 0) {
                    throw BerthException.invalid("invalid extra host: " + host + " (want name:ip)");
                }
                hosts.add(host);
            }
        }
        return hosts;
    }

    private static Long number(MultiMap query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid " + name + " value: " + value);
        }
    }

    /** {@code os[/arch[/variant]]} (containerd's syntax): linux and this machine's architecture only. */
    private static String platform(String platform) {
        if (platform == null || platform.isBlank()) {
            return null;
        }
        PlatformSpecifier parsed = PlatformSpecifier.parse(platform);
        if (!parsed.os().equals("linux")) {
            throw BerthException.invalid("\"" + platform + "\": unknown operating system or architecture:"
                    + " invalid argument");
        }
        if (!parsed.architecture().equals(HOST_ARCH)) {
            throw BerthException.invalid("invalid platform " + platform + ": this berth node runs "
                    + "linux/" + HOST_ARCH + " images only");
        }
        return platform;
    }
}
