package dev.berth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The build workers of the instance under test: a second worker process started as {@code ./berth up} starts it
 * ({@code BERTH_BUILD_WORKERS=2}: pid file {@code build-worker-2.pid}), build-service's internal job list and the
 * worker drain switch, called with the service token.
 */
final class BuildWorkers {
    static final String SECOND = "build-worker-2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private BuildWorkers() {
    }

    static Path pidDir() {
        return Path.of(System.getenv().getOrDefault("BERTH_RUN", "/run/berth"), "pids");
    }

    /** The pid in a pid file, if that process is alive. */
    static Long livePid(String name) throws IOException {
        Path file = pidDir().resolve(name + ".pid");
        if (!Files.exists(file)) {
            return null;
        }
        long pid = Long.parseLong(Files.readString(file).trim());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? pid : null;
    }

    /** Starts the second worker with the berth script unless it runs; true if this call started it. */
    static boolean ensureSecond() throws Exception {
        if (livePid(SECOND) != null) {
            return false;
        }
        BerthUp.with(java.util.Map.of("BERTH_BUILD_WORKERS", "2"), 120);
        if (livePid(SECOND) == null) {
            throw new AssertionError("./berth up did not start " + SECOND);
        }
        return true;
    }

    /** Stops the second worker as ./berth down would (SIGTERM by pid file) and removes its pid file. */
    static void stopSecond() throws Exception {
        Long pid = livePid(SECOND);
        if (pid != null) {
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            process.destroy();
            process.onExit().get(20, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(pidDir().resolve(SECOND + ".pid"));
    }

    /** The job whose tags include {@code tag}, from build-service's internal list, or null. */
    static JsonNode job(String tag) throws Exception {
        for (JsonNode job : call("GET", "/build/jobs?limit=100")) {
            for (JsonNode t : job.path("Tags")) {
                if (t.asText().equals(tag)) {
                    return job;
                }
            }
        }
        return null;
    }

    /** Drains (or un-drains) build-service's own worker. */
    static void pauseMainWorker(boolean paused) throws Exception {
        call("POST", "/build/worker?paused=" + (paused ? "1" : "0"));
    }

    private static JsonNode call(String method, String path) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(Services.buildService() + path))
                .header("X-Berth-Service-Token", Services.serviceToken()).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
