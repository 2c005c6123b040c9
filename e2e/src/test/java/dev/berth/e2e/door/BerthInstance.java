package dev.berth.e2e.door;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** The berth instance whose doors are tried, from the environment ./berth sets: its files, socket, ports, services. */
public final class BerthInstance {
    static final Map<String, String> ENV = System.getenv();
    public static final Path RUN = Path.of(ENV.getOrDefault("BERTH_RUN", "/run/berth"));
    public static final Path DATA = Path.of(ENV.getOrDefault("BERTH_DATA", "/var/lib/berth"));
    public static final Path SOCKET =
            Path.of(ENV.getOrDefault("BERTH_SOCKET", RUN.resolve("docker.sock").toString()));
    public static final int PG_PORT = Integer.parseInt(ENV.getOrDefault("BERTH_PG_PORT", "5433"));
    public static final int KAFKA_PORT = Integer.parseInt(ENV.getOrDefault("BERTH_KAFKA_PORT", "9192"));
    public static final Set<String> SERVICES = Set.of("gateway", "image-service", "build-service",
            "runtime-service", "volume-service", "network-service");

    private BerthInstance() {
    }
}
