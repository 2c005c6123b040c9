package dev.berth.common.platform;

/**
 * The engine version berth reports as Docker's {@code Version} (in {@code /version}) and as each node's
 * {@code Description.Engine.EngineVersion}: the Docker release whose Engine API berth follows.
 */
public final class EngineVersion {
    /** Docker 29.7.2 serves API 1.55 (../shared/reference/docker-engine-api/swagger-v1.55-docker-v29.7.2.yaml). */
    public static final String DOCKER = "29.7.2";

    private EngineVersion() {
    }
}
