package dev.berth.runtime.attach;

import dev.berth.common.errors.BerthException;
import java.io.ByteArrayOutputStream;

/**
 * Docker's detach key sequence ({@code ctrl-p,ctrl-q} by default; {@code --detach-keys}: comma-separated single
 * characters or {@code ctrl-<a-z @ [ \ ] ^ _>}) and a scanner over a client's stdin that holds back a partial match
 * and reports a complete one. The keys themselves never reach the container.
 */
public final class DetachKeys {
    public static final byte[] DEFAULT = {16, 17};

    private DetachKeys() {
    }

    /** Parses Docker's notation; null or empty gives the default. */
    public static byte[] parse(String keys) {
        if (keys == null || keys.isEmpty()) {
            return DEFAULT;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String key : keys.split(",")) {
            String k = key.strip();
            if (k.length() == 1) {
                out.write(k.charAt(0));
            } else if (k.toLowerCase().startsWith("ctrl-") && k.length() == 6) {
                char c = Character.toLowerCase(k.charAt(5));
                if (c >= 'a' && c <= 'z') {
                    out.write(c - 'a' + 1);
                } else if (c == '@') {
                    out.write(0);
                } else if (c >= '[' && c <= '_') {
                    out.write(c - '[' + 27);
                } else {
                    throw BerthException.invalid("Invalid escape keys (" + keys + ") provided");
                }
            } else {
                throw BerthException.invalid("Invalid escape keys (" + keys + ") provided");
            }
        }
        return out.toByteArray();
    }

    /** Scans one client's input. Not thread-safe (the client's handler runs on one event loop). */
    public static final class Scanner {
        private final byte[] keys;
        private int matched;

        public Scanner(byte[] keys) {
            this.keys = keys;
        }

        public record Result(byte[] forward, boolean detached) {
        }

        public Result scan(byte[] input) {
            ByteArrayOutputStream forward = new ByteArrayOutputStream(input.length);
            for (byte b : input) {
                if (b == keys[matched]) {
                    matched++;
                    if (matched == keys.length) {
                        return new Result(forward.toByteArray(), true);
                    }
                    continue;
                }
                // a partial match that failed: its bytes go through after all
                forward.write(keys, 0, matched);
                matched = 0;
                if (b == keys[0]) {
                    matched = 1;
                    if (keys.length == 1) {
                        return new Result(forward.toByteArray(), true);
                    }
                } else {
                    forward.write(b);
                }
            }
            return new Result(forward.toByteArray(), false);
        }
    }
}
