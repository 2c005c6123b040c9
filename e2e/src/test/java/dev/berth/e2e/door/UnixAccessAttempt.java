package dev.berth.e2e.door;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code kind=unix-access}: may this user connect(2) to a unix socket that speaks no HTTP at all. */
final class UnixAccessAttempt {
    private UnixAccessAttempt() {
    }

    static Result run(Map<String, String> spec) {
        Path socket = Path.of(spec.get("target").substring("unix:".length()));
        // Files.isWritable is access(2) with the real uid: the check connect(2) makes on a socket's path
        boolean writable = Files.isWritable(socket);
        return new Result(spec, !writable, false, writable ? "connect(2) permitted (socket writable)"
                : "connect(2) not permitted (no write permission on the socket or no search permission above it)",
                0, null);
    }
}
