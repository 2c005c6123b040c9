package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.json.BodyShape;

/**
 * The container create and update bodies' JSON kinds ({@code container-create-shape.txt}: ContainerConfig, HostConfig
 * and NetworkingConfig), checked before anything reads them.
 */
public final class ContainerBodyShape {
    private static final BodyShape CREATE = BodyShape.load("/container-create-shape.txt");

    private ContainerBodyShape() {
    }

    /** A container create body: ContainerConfig, HostConfig and NetworkingConfig. */
    public static void checkCreate(JsonNode body) {
        CREATE.check(body);
    }

    /** A container update body: a part of HostConfig (its resources and restart policy). */
    public static void checkUpdate(JsonNode body) {
        CREATE.check(body, "HostConfig.");
    }
}
