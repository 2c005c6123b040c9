package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SystemEndpointsTest {

    @Test
    void versionIsADockerEngineVersionWithBerthAsAComponent() throws Exception {
        JsonNode body = SystemEndpoints.versionBody("6.1.0");
        String version = body.path("Version").asText();
        assertEquals(SystemEndpoints.ENGINE_VERSION, version);
        assertTrue(atLeast(version, 1, 6, 0), version); // Testcontainers' minimum
        assertTrue(atLeast(version, 25, 0, 0), "API " + ApiVersion.MAX + " is Docker 25 or later: " + version);
        assertEquals(ApiVersion.MAX, body.path("ApiVersion").asText());
        assertEquals(ApiVersion.MIN, body.path("MinAPIVersion").asText());
        assertEquals("berth " + SystemEndpoints.VERSION, body.path("Platform").path("Name").asText());
        assertEquals("6.1.0", body.path("KernelVersion").asText());
        JsonNode components = body.path("Components");
        assertEquals("Engine", components.get(0).path("Name").asText());
        assertEquals(version, components.get(0).path("Version").asText());
        assertEquals(ApiVersion.MAX, components.get(0).path("Details").path("ApiVersion").asText());
        boolean berth = false;
        for (JsonNode component : components) {
            berth |= component.path("Name").asText().equals("berth")
                    && component.path("Version").asText().equals(SystemEndpoints.VERSION);
        }
        assertTrue(berth, components.toString());
        assertEquals(System.getProperty("os.version"), SystemEndpoints.versionBody(null).path("KernelVersion").asText(),
                "without the node's answer");
    }

    private static boolean atLeast(String version, int... minimum) {
        String[] parts = version.split("[.-]");
        for (int i = 0; i < minimum.length; i++) {
            int part = Integer.parseInt(parts[i]);
            if (part != minimum[i]) {
                return part > minimum[i];
            }
        }
        return true;
    }
}
