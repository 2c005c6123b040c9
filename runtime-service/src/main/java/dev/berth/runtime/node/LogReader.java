package dev.berth.runtime.node;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** conmon's k8s-file log lines: {@code <RFC3339Nano> <stdout|stderr> <F|P> <content>}. */
public final class LogReader {
    private static final DateTimeFormatter DOCKER_TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'");

    public record Entry(Instant time, int stream, boolean partial, String content) {
        /** The bytes as the container wrote them (full lines get their newline back). */
        public String text() {
            return partial ? content : content + "\n";
        }

        public String timestamp() {
            return DOCKER_TS.format(time.atOffset(ZoneOffset.UTC));
        }
    }

    private LogReader() {
    }

    /** Parses one line; null if it is not a log line. stream: 1 stdout, 2 stderr. */
    public static Entry parse(String line) {
        int a = line.indexOf(' ');
        if (a < 0) {
            return null;
        }
        int b = line.indexOf(' ', a + 1);
        if (b < 0) {
            return null;
        }
        int c = line.indexOf(' ', b + 1);
        String tag = c < 0 ? line.substring(b + 1) : line.substring(b + 1, c);
        String content = c < 0 ? "" : line.substring(c + 1);
        Instant time;
        try {
            time = OffsetDateTime.parse(line.substring(0, a)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        String stream = line.substring(a + 1, b);
        int id = switch (stream) {
            case "stdout" -> 1;
            case "stderr" -> 2;
            default -> 0;
        };
        if (id == 0) {
            return null;
        }
        return new Entry(time, id, tag.startsWith("P"), content);
    }

    /** Docker's since/until: unix seconds with an optional fraction. */
    public static Instant parseUnixTime(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        int dot = v.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? v : v.substring(0, dot));
        long nanos = 0;
        if (dot >= 0) {
            String frac = (v.substring(dot + 1) + "000000000").substring(0, 9);
            nanos = Long.parseLong(frac);
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
