package dev.berth.e2e.door;

import static dev.berth.e2e.door.BerthInstance.DATA;
import static dev.berth.e2e.door.BerthInstance.ENV;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The real credentials the root control gets in its environment (never in its arguments): variable → secret. */
public final class RealSecrets {
    private RealSecrets() {
    }

    public static Map<String, String> read() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        put(secrets, "BERTH_SERVICE_TOKEN", "service-token");
        put(secrets, "BERTH_PG_PASSWORD", "pg-password");
        put(secrets, "BERTH_KAFKA_PASSWORD", "kafka-password");
        put(secrets, "BERTH_REGISTRY_PASSWORD", "registry-password");
        return secrets;
    }

    /** The real secret from the environment, else from the root-only file ./berth keeps it in. */
    private static void put(Map<String, String> secrets, String variable, String file) throws IOException {
        String value = ENV.get(variable);
        Path path = DATA.resolve("secrets").resolve(file);
        if ((value == null || value.isBlank()) && Files.isReadable(path)) {
            value = Files.readString(path).trim();
        }
        if (value != null && !value.isBlank()) {
            secrets.put(variable, value);
        }
    }
}
