package dev.berth.runtime.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class HostConfigKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keysInAnotherCaseTakeMobysSpellingAndOthersStay() throws Exception {
        JsonNode hc = JSON.readTree("{\"CPURealtimePeriod\":1000,\"cpurealtimeruntime\":500,\"Memory\":7,"
                + "\"NoSuchField\":true}");
        HostConfigKeys.canonicalize(hc);
        assertEquals("{\"CpuRealtimePeriod\":1000,\"CpuRealtimeRuntime\":500,\"Memory\":7,\"NoSuchField\":true}",
                hc.toString());
    }

    @Test
    void theLaterOfTwoSpellingsWinsAsInGo() throws Exception {
        JsonNode hc = JSON.readTree("{\"CpuShares\":2,\"CPUSHARES\":3}");
        HostConfigKeys.canonicalize(hc);
        assertEquals("{\"CpuShares\":3}", hc.toString());
        JsonNode other = JSON.readTree("{\"CPUSHARES\":3,\"CpuShares\":2}");
        HostConfigKeys.canonicalize(other);
        assertEquals("{\"CpuShares\":2}", other.toString());
    }
}
