package dev.berth.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A part of berth a drill kills: found by its pid file (never by name) and checked by its command line. */
enum DrillComponent {
    GATEWAY("gateway"),
    IMAGE_SERVICE("image-service"),
    BUILD_SERVICE("build-service"),
    RUNTIME_SERVICE("runtime-service"),
    VOLUME_SERVICE("volume-service"),
    NETWORK_SERVICE("network-service"),
    KAFKA("kafka"),
    POSTGRESQL("postgresql");

    private static final Path RUN = Path.of(System.getenv().getOrDefault("BERTH_RUN", "/run/berth"));
    private static final Path DATA = Path.of(System.getenv().getOrDefault("BERTH_DATA", "/var/lib/berth"));
    final String label;

    DrillComponent(String label) {
        this.label = label;
    }

    Path pidFile() {
        return switch (this) {
            case KAFKA -> RUN.resolve("kafka.pid");
            case POSTGRESQL -> DATA.resolve("pg/postmaster.pid");
            default -> RUN.resolve("pids").resolve(label + ".pid");
        };
    }

    /** What the process's command line holds: the broker's main class, PostgreSQL, the service's jar. */
    private String marker() {
        return switch (this) {
            case KAFKA -> "kafka.Kafka";
            case POSTGRESQL -> "postgres";
            default -> "/" + label + "/target/quarkus-app/";
        };
    }

    /** The live process of the pid file, if it is this component's. */
    Optional<ProcessHandle> process() {
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile()).get(0).trim());
            return ProcessHandle.of(pid).filter(p -> String.join(" ", p.info().commandLine().orElse(""))
                    .contains(marker()) || readCmdline(pid).contains(marker()));
        } catch (IOException | RuntimeException missing) {
            return Optional.empty();
        }
    }

    private static String readCmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL, and waits until it is gone. */
    long kill() throws Exception {
        ProcessHandle p = process().orElseThrow(() -> new AssertionError(label + " does not run"));
        p.destroyForcibly();
        p.onExit().get(30, TimeUnit.SECONDS);
        return p.pid();
    }
}
