package dev.berth.runtime.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A container's log rotation from {@code HostConfig.LogConfig} ({@code --log-opt max-size=10m --log-opt max-file=3}).
 * Rotation is on by default (Docker's json-file keeps everything unless told; its {@code local} driver's 20 MB × 5 is
 * what berth does by default). Kept in the container directory as {@code log-rotate} ("maxSize maxFile") for the
 * {@link LogRotator}.
 */
public record LogOptions(long maxSize, int maxFile) {
    public static final long DEFAULT_MAX_SIZE = 20L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILE = 5;
    static final String FILE = "log-rotate";
    /** {@code --log-driver none}: nothing is kept, {@code docker logs} cannot read (dockerd's "none" driver). */
    public static final String NONE = "none";
    private static final Set<String> DRIVERS = Set.of("", "k8s-file", "json-file", "local", NONE);

    /** Validates and reads LogConfig; 400 with Docker's wording for bad values. */
    public static LogOptions of(JsonNode logConfig) {
        Map<String, String> opts = new java.util.LinkedHashMap<>();
        logConfig.path("Config").fields().forEachRemaining(e -> opts.put(e.getKey(), e.getValue().asText("")));
        return of(logConfig.path("Type").asText(""), opts);
    }

    /** Validates and reads a driver and its options (a stored LogConfig); 400 with Docker's wording for bad values. */
    public static LogOptions of(String type, Map<String, String> opts) {
        if (!DRIVERS.contains(type)) {
            throw BerthException.invalid("logger: no log driver named '" + type + "' is registered");
        }
        if (type.equals(NONE)) {
            return new LogOptions(DEFAULT_MAX_SIZE, DEFAULT_MAX_FILE); // dockerd validates no option of "none"
        }
        long maxSize = DEFAULT_MAX_SIZE;
        int maxFile = DEFAULT_MAX_FILE;
        for (Map.Entry<String, String> e : opts.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "max-size" -> maxSize = size(v);
                case "max-file" -> {
                    try {
                        maxFile = Integer.parseInt(v.strip());
                    } catch (NumberFormatException ex) {
                        throw BerthException.invalid("invalid value for max-file: " + v);
                    }
                    if (maxFile < 1) {
                        throw BerthException.invalid("max-file cannot be less than 1");
                    }
                }
                case "compress", "mode", "max-buffer-size", "labels", "env", "tag" -> {
                    // accepted, not acted on
                }
                default -> throw BerthException.invalid("unknown log opt '" + e.getKey() + "' for " + (type.isEmpty()
                        ? "k8s-file" : type) + " log driver");
            }
        }
        return new LogOptions(maxSize, maxFile);
    }

    /** Whether the container's log driver keeps nothing ({@code none}). */
    public static boolean discards(JsonNode logConfig) {
        return NONE.equals(logConfig.path("Type").asText(""));
    }

    /** dockerd's answer to reading the logs of such a container (501). */
    public static BerthException readingNotSupported() {
        return new BerthException(dev.berth.common.errors.ErrorKind.NOT_IMPLEMENTED,
                "configured logging driver does not support reading");
    }

    /** Docker's sizes: bytes, or a number with k/m/g (binary, case-insensitive, optional b); -1 = unlimited. */
    static long size(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("-1")) {
            return -1;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]?)i?b?").matcher(v);
        if (!m.matches()) {
            throw BerthException.invalid("invalid value for max-size: " + value);
        }
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            case "g" -> 1024L * 1024 * 1024;
            case "t" -> 1024L * 1024 * 1024 * 1024;
            default -> 1;
        };
        long bytes = (long) (n * unit);
        if (bytes <= 0) {
            throw BerthException.invalid("invalid value for max-size: " + value);
        }
        return bytes;
    }

    /** What conmon itself may write before it truncates (a safety net far above the rotation size). */
    public long conmonLimit() {
        return maxSize < 0 ? -1 : Math.max(4 * maxSize, 1024L * 1024);
    }

    public void writeTo(Path bundle) throws IOException {
        Files.writeString(bundle.resolve(FILE), maxSize + " " + maxFile + "\n");
    }

    public static LogOptions readFrom(Path bundle) {
        try {
            String[] f = Files.readString(bundle.resolve(FILE)).trim().split("\\s+");
            return new LogOptions(Long.parseLong(f[0]), Integer.parseInt(f[1]));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
