package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HostConfig's CpuRealtimePeriod and CpuRealtimeRuntime are kept and shown by container inspect as dockerd does,
 * whatever the case of the keys (docker-py sends {@code CPURealtimePeriod}; Go's JSON decoding ignores case).
 */
class CpuRealtimeOptionsTest {
    private final String name = "e2e-rt-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void remove() {
        docker("rm", "-f", name);
    }

    @Test
    void dockerPySpellingIsKeptUnderMobysNames() throws Exception {
        RawDocker.Response created = RawDocker.call("POST", "/containers/create?name=" + name,
                "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"NetworkMode\":\"none\","
                        + "\"CPURealtimePeriod\":1000,\"CPURealtimeRuntime\":500}}");
        assertEquals(201, created.status(), created.text());
        JsonNode hc = hostConfig();
        assertEquals(1000, hc.path("CpuRealtimePeriod").asLong(), hc.toString());
        assertEquals(500, hc.path("CpuRealtimeRuntime").asLong(), hc.toString());
        assertEquals(false, hc.has("CPURealtimePeriod"), hc.toString());
    }

    @Test
    void theCliFlagsAreShownAndDefaultToZero() throws Exception {
        docker("create", "--name", name, "--network", "none", "--cpu-rt-period", "2000", "--cpu-rt-runtime", "1000",
                "busybox", "true").ok();
        assertEquals("2000 1000", docker("inspect", "-f",
                "{{.HostConfig.CpuRealtimePeriod}} {{.HostConfig.CpuRealtimeRuntime}}", name).ok().trimmed());
        docker("rm", name).ok();
        docker("create", "--name", name, "--network", "none", "busybox", "true").ok();
        JsonNode hc = hostConfig();
        assertEquals(true, hc.has("CpuRealtimePeriod") && hc.has("CpuRealtimeRuntime"), hc.toString());
        assertEquals(0, hc.path("CpuRealtimePeriod").asLong(-1), hc.toString());
    }

    @Test
    void aRuntimeAboveThePeriodIsRefused() throws Exception {
        RawDocker.Response created = RawDocker.call("POST", "/containers/create?name=" + name,
                "{\"Image\":\"busybox\",\"HostConfig\":{\"CpuRealtimePeriod\":1000,\"CpuRealtimeRuntime\":5000}}");
        assertEquals(400, created.status(), created.text());
        assertEquals("cpu-rt-runtime cannot be higher than cpu-rt-period",
                created.json().path("message").asText(), created.text());
    }

    private JsonNode hostConfig() throws Exception {
        RawDocker.Response r = RawDocker.call("GET", "/containers/" + name + "/json", null);
        assertEquals(200, r.status(), r.text());
        return r.json().path("HostConfig");
    }
}
