package dev.berth.build.queue;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How this build-service process takes part in the queue (README "Build workers"). */
@ApplicationScoped
public class BuildQueueConfig {
    @ConfigProperty(name = "berth.build.role")
    String role;
    @ConfigProperty(name = "berth.build.lease-seconds")
    int leaseSeconds;
    @ConfigProperty(name = "berth.build.worker-id")
    Optional<String> workerId;
    @ConfigProperty(name = "berth.data", defaultValue = "/var/lib/berth")
    String dataDir;

    private volatile String defaultId;

    /** {@code all} and {@code api} take {@code POST /build}. */
    public boolean takesRequests() {
        return !role.equals("worker");
    }

    /** {@code all} and {@code worker} run a build worker. */
    public boolean runsWorker() {
        return !role.equals("api");
    }

    public int leaseSeconds() {
        return leaseSeconds;
    }

    /** {@code BERTH_BUILD_WORKER_ID}, else {@code <host name>:<pid>}. */
    public String workerId() {
        if (workerId.isPresent() && !workerId.get().isBlank()) {
            return workerId.get();
        }
        if (defaultId == null) {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
            defaultId = host + ":" + ProcessHandle.current().pid();
        }
        return defaultId;
    }

    public ContextStore contexts() {
        return new ContextStore(Path.of(dataDir));
    }

    /** This machine's scratch directory for one attempt of a build. */
    Path workDir(String buildId, int attempt) {
        return Path.of(dataDir, "build", "work", buildId + "-" + attempt);
    }

    /** This machine's {@code RUN --mount=type=cache} directories, kept across builds (README "Configuration"). */
    Path cacheMounts() {
        return Path.of(dataDir, "build", "cache-mounts");
    }

    /** A directory for an upload on the API side. */
    public Path uploadDir(String name) {
        return Path.of(dataDir, "build", "work", "upload-" + name);
    }
}
