package dev.berth.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.contract.ContainerNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

class RescheduleContainersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RescheduleContainers.Lost lost(String config, String hostConfig) throws Exception {
        return new RescheduleContainers.Lost("a".repeat(64), "web", (ObjectNode) JSON.readTree(config),
                JSON.readTree(hostConfig));
    }

    @Test
    void containersThatWantToRunAreRescheduled() throws Exception {
        assertTrue(RescheduleContainers.wantsToRun(lost("{}", "{\"RestartPolicy\":{\"Name\":\"always\"}}")));
        assertTrue(RescheduleContainers.wantsToRun(lost("{}", "{\"RestartPolicy\":{\"Name\":\"unless-stopped\"}}")));
        assertTrue(RescheduleContainers.wantsToRun(lost("{\"Labels\":{\"berth.reschedule\":\"on-node-failure\"}}",
                "{\"RestartPolicy\":{\"Name\":\"no\"}}")));
        assertFalse(RescheduleContainers.wantsToRun(lost("{}", "{\"RestartPolicy\":{\"Name\":\"on-failure\"}}")));
        assertFalse(RescheduleContainers.wantsToRun(lost("{\"Labels\":{\"berth.reschedule\":\"no\"}}", "{}")));
    }

    @Test
    void aNamedVolumeKeepsAContainerWhereItsDataIs() throws Exception {
        JsonNode named = JSON.readTree("{\"Binds\":[\"/srv:/srv\",\"data:/var/lib/db\"]}");
        JsonNode mount = JSON.readTree("{\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"data\",\"Target\":\"/d\"}]}");
        JsonNode hostPathsOnly = JSON.readTree("{\"Binds\":[\"/srv:/srv:ro\"],\"Mounts\":[{\"Type\":\"tmpfs\","
                + "\"Target\":\"/t\"},{\"Type\":\"volume\",\"Target\":\"/anon\"}]}");
        assertTrue(RescheduleContainers.holdsNamedVolume(named));
        assertTrue(RescheduleContainers.holdsNamedVolume(mount));
        assertFalse(RescheduleContainers.holdsNamedVolume(hostPathsOnly));
    }

    @Test
    void theNewCopyJoinsTheLostCopysNetworksWithItsOwnAliases() {
        String lostId = "0123456789ab" + "c".repeat(52);
        JsonNode config = RescheduleContainers.networkingConfig(List.of(
                new ContainerNetwork("n1", "front", List.of("web", "0123456789ab")),
                new ContainerNetwork("n2", "back", List.of())), lostId);
        assertEquals("{\"EndpointsConfig\":{\"front\":{\"Aliases\":[\"web\"]},\"back\":{}}}", config.toString(),
                "the lost copy's short id is not one of the new copy's aliases");
        assertEquals("{\"EndpointsConfig\":{}}", RescheduleContainers.networkingConfig(List.of(), lostId).toString());
    }
}
