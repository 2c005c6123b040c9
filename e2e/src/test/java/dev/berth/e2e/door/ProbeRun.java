package dev.berth.e2e.door;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs DoorProbe, a JVM of its own, with the attempts as its arguments: as the stranger with an empty environment,
 * or as root with the secrets in its environment. Its JSON lines come back by attempt id.
 */
public final class ProbeRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProbeClassPath classPath;

    public ProbeRun(ProbeClassPath classPath) {
        this.classPath = classPath;
    }

    public Map<String, JsonNode> asStranger(List<Attempt> attempts) {
        return probe(true, attempts, Map.of());
    }

    public Map<String, JsonNode> asRoot(List<Attempt> attempts, Map<String, String> secrets) {
        return probe(false, attempts, secrets);
    }

    /** Runs DoorProbe with the attempts, as the stranger (empty environment) or as root (PATH + the secrets). */
    private Map<String, JsonNode> probe(boolean asStranger, List<Attempt> attempts, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        if (asStranger) {
            command.addAll(List.of(runuser(), "-u", Stranger.NAME, "--", "env", "-i", "PATH=/usr/bin:/bin"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx192m", "-cp",
                classPath.asArgument(), "dev.berth.e2e.door.DoorProbe"));
        for (Attempt a : attempts) {
            command.add(a.spec().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(";")));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(new File("/"));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().putAll(env); // only the root control gets the secrets, never in its arguments
        String who = asStranger ? Stranger.NAME : "root";
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the probe as " + who + " did not finish within 90 s");
            }
            Map<String, JsonNode> lines = new HashMap<>();
            for (String line : out.join().split("\n")) {
                if (line.startsWith("{")) {
                    JsonNode node = JSON.readTree(line);
                    // an attempt that ends just as the probe's deadline passes has two lines, its outcome and
                    // "no outcome": one that got in must win, or a late open door would count as refused
                    lines.merge(node.path("id").asText(), node,
                            (earlier, later) -> earlier.path("refused").asBoolean() ? later : earlier);
                }
            }
            if (p.exitValue() != 0 || lines.isEmpty()) {
                throw new AssertionError("the probe as " + who + " exited " + p.exitValue() + "\nstdout: " + out.join()
                        + "\nstderr: " + err.join());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String runuser() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, "runuser"))) {
                return dir + "/runuser";
            }
        }
        throw new AssertionError("runuser (util-linux) is not installed");
    }

    /** Reads a stream to its end on a thread of its own (not the common pool, which has one thread on 2 cores). */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> done = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = stream) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                done.complete(out.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        }, "door-drain");
        reader.setDaemon(true);
        reader.start();
        return done;
    }
}
