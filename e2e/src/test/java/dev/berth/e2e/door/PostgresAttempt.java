package dev.berth.e2e.door;

import static dev.berth.e2e.door.DoorProbe.ATTEMPT_MS;
import static dev.berth.e2e.door.Result.snippet;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code kind=pg}: a login to PostgreSQL with {@code psql}, over TCP or its unix socket. */
final class PostgresAttempt {
    private PostgresAttempt() {
    }

    static Result run(Map<String, String> spec) throws Exception {
        String target = spec.get("target");
        String host;
        String port;
        if (target.startsWith("unix:")) {
            Path socket = Path.of(target.substring("unix:".length()));
            host = socket.getParent().toString();
            port = socket.getFileName().toString().replace(".s.PGSQL.", "");
        } else {
            String hostPort = target.substring("tcp:".length());
            int colon = hostPort.lastIndexOf(':');
            host = hostPort.substring(0, colon).replaceAll("^\\[|\\]$", "");
            port = hostPort.substring(colon + 1);
        }
        List<String> command = new ArrayList<>(List.of(spec.getOrDefault("psql", "psql"), "-X", "-w", "-A", "-t",
                "-h", host, "-p", port, "-d", spec.getOrDefault("db", "postgres"), "-c", "select current_user"));
        if (spec.containsKey("user")) {
            command.addAll(List.of("-U", spec.get("user")));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("BERTH_"));
        pb.environment().put("PGCONNECT_TIMEOUT", "5");
        String password = Credentials.password(spec);
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readNBytes(4096);
        }
        if (!p.waitFor(ATTEMPT_MS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new Result(spec, true, false, "psql did not finish within " + ATTEMPT_MS + " ms", 0, null);
        }
        String text = snippet(new String(out, StandardCharsets.UTF_8));
        return p.exitValue() == 0
                ? new Result(spec, false, false, "logged in as " + text, 0, null)
                : new Result(spec, true, false, "psql exit " + p.exitValue() + ": " + text, 0, null);
    }
}
