package dev.berth.build.step;

import java.util.List;
import java.util.stream.Collectors;

/** Go's {@code %q} and {@code %v} renderings that the legacy builder's history lines contain. */
final class GoFormat {
    private GoFormat() {
    }

    /** {@code fmt.Sprintf("%q", []string{...})}: {@code ["/bin/sh" "-c" "echo hi"]}. */
    static String quotedList(List<String> values) {
        return values.stream().map(GoFormat::quoted).collect(Collectors.joining(" ", "[", "]"));
    }

    /** {@code fmt.Sprintf("%v", []string{...})}: {@code [/a /b]}. */
    static String plainList(List<String> values) {
        return String.join(" ", values).transform(s -> "[" + s + "]");
    }

    static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        out.append(String.format("\\x%02x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Go's {@code time.Duration.String()} for whole seconds and milliseconds: {@code 1m30s}, {@code 500ms}, {@code 0s}. */
    static String duration(Long nanos) {
        long n = nanos == null ? 0 : nanos;
        if (n == 0) {
            return "0s";
        }
        if (n < 1_000_000_000L) {
            return (n / 1_000_000) + "ms";
        }
        long seconds = n / 1_000_000_000L;
        StringBuilder out = new StringBuilder();
        if (seconds >= 3600) {
            out.append(seconds / 3600).append('h');
        }
        if (seconds >= 60) {
            out.append((seconds % 3600) / 60).append('m');
        }
        return out.append(seconds % 60).append('s').toString();
    }
}
