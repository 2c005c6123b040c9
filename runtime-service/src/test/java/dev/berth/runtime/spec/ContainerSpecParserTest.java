package dev.berth.runtime.spec;

import static dev.berth.runtime.spec.WireJson.invalid;
import static dev.berth.runtime.spec.WireJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.common.errors.BerthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecParserTest {
    private static String error(String request) throws Exception {
        return invalid(request, ContainerSpecParser::request);
    }

    @Test
    void aCreateRequestBecomesTheTypedSpec() throws Exception {
        ContainerSpec spec = ContainerSpecParser.request(json("{'Image': 'busybox', 'Hostname': 'web', 'Tty': true,"
                + " 'Env': ['A=1'], 'User': '1000', 'HostConfig': {'NetworkMode': 'host', 'Memory': 67108864,"
                + " 'PidsLimit': null, 'MemorySwappiness': 10, 'CapAdd': ['NET_ADMIN'], 'Privileged': false,"
                + " 'Ulimits': [{'Name': 'nofile', 'Soft': 1024, 'Hard': 2048}], 'Sysctls': {'net.core.somaxconn': '1'},"
                + " 'Devices': [{'PathOnHost': '/dev/null', 'PathInContainer': '/dev/n', 'CgroupPermissions': 'r'}],"
                + " 'Tmpfs': {'/run': 'size=1m'}, 'Init': true, 'OomScoreAdj': -5}}"));
        assertEquals(new ProcessSpec("web", "", "1000", List.of("A=1"), "", true, false, false), spec.process());
        HostSpec host = spec.host();
        assertTrue(host.hostNetwork());
        assertEquals(67108864, host.resources().memory());
        assertNull(host.resources().pidsLimit());
        assertEquals(10L, host.resources().memorySwappiness());
        assertEquals(-5, host.resources().oomScoreAdj());
        assertEquals(List.of("NET_ADMIN"), host.security().capAdd());
        assertTrue(host.security().init());
        assertEquals(List.of(new Ulimit("nofile", 1024, 2048)), host.ulimits());
        assertEquals(List.of(new DeviceMapping("/dev/null", "/dev/n", "r")), host.devices());
        assertEquals(Map.of("net.core.somaxconn", "1"), host.sysctls());
        assertEquals(Map.of("/run", "size=1m"), host.tmpfs());
        assertEquals(new RestartSpec("", 0), host.restartPolicy());
        assertNull(spec.healthcheck());
    }

    @Test
    void restartPolicyAutoRemoveHealthcheckAndShellAreTyped() throws Exception {
        ContainerSpec spec = ContainerSpecParser.request(json("{'Image': 'busybox', 'Shell': ['/bin/ash', '-c'],"
                + " 'Healthcheck': {'Test': ['CMD-SHELL', 'true'], 'Interval': 1000000000, 'Retries': 2},"
                + " 'HostConfig': {'AutoRemove': true, 'RestartPolicy': {'Name': 'on-failure', 'MaximumRetryCount': 3}}}"));
        assertEquals(new RestartSpec("on-failure", 3), spec.host().restartPolicy());
        assertTrue(spec.host().autoRemove());
        assertEquals(new HealthcheckSpec(List.of("CMD-SHELL", "true"), 1_000_000_000L, 0, 0, 0, 2),
                spec.healthcheck());
        assertEquals(List.of("/bin/ash", "-c"), spec.shell());
    }

    @Test
    void absentAndNullAreZeroValues() throws Exception {
        ContainerSpec spec = ContainerSpecParser.request(json("{'Image': 'busybox', 'Env': null}"));
        assertEquals(List.of(), spec.process().env());
        assertEquals(0, spec.host().resources().memory());
        assertEquals("", spec.host().networkMode());
        assertEquals(List.of(), spec.host().ulimits());
    }

    @Test
    void wrongJsonTypesAre400sWordedAsDockerdsDecoder() throws Exception {
        assertEquals("json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Memory of type int64",
                error("{'HostConfig': {'Memory': '64m'}}"));
        assertEquals("json: cannot unmarshal number 1.5 into Go struct field HostConfig.HostConfig.NanoCpus of type"
                + " int64", error("{'HostConfig': {'NanoCpus': 1.5}}"));
        assertEquals("json: cannot unmarshal string into Go struct field CreateRequest.Tty of type bool",
                error("{'Tty': 'yes'}"));
        assertEquals("json: cannot unmarshal number into Go struct field CreateRequest.Env of type string",
                error("{'Env': [1]}"));
        assertEquals("json: cannot unmarshal string into Go struct field Ulimit.HostConfig.Ulimits.Soft of type int64",
                error("{'HostConfig': {'Ulimits': [{'Name': 'nofile', 'Soft': '1', 'Hard': 2}]}}"));
        assertEquals("json: cannot unmarshal array into Go struct field HostConfig.HostConfig.Sysctls of type"
                + " map[string]string", error("{'HostConfig': {'Sysctls': []}}"));
        assertEquals("json: cannot unmarshal string into Go struct field RestartPolicy.HostConfig.RestartPolicy"
                + ".MaximumRetryCount of type int",
                error("{'HostConfig': {'RestartPolicy': {'Name': 'on-failure', 'MaximumRetryCount': '3'}}}"));
        assertEquals("json: cannot unmarshal string into Go struct field HealthConfig.Healthcheck.Interval of type"
                + " time.Duration", error("{'Healthcheck': {'Test': ['CMD', 'true'], 'Interval': '1s'}}"));
        assertEquals("json: cannot unmarshal string into Go struct field CreateRequest.Healthcheck of type"
                + " container.HealthConfig", error("{'Healthcheck': 'CMD true'}"));
        assertEquals("json: cannot unmarshal string into Go struct field CreateRequest.HostConfig of type"
                + " container.HostConfig",
                error("{'HostConfig': 'x'}"));
    }

    @Test
    void theStoredJsonReadsWithTheSameParser() throws Exception {
        ContainerSpec spec = ContainerSpecParser.stored(json("{'Hostname': 'abc', 'WorkingDir': '/w', 'StdinOnce': true}"),
                json("{'ReadonlyRootfs': true, 'GroupAdd': ['audio'], 'SecurityOpt': ['no-new-privileges']}"));
        assertEquals("/w", spec.process().workingDir());
        assertTrue(spec.process().stdinOnce());
        assertTrue(spec.host().security().readonlyRootfs());
        assertEquals(List.of("audio"), spec.host().security().groupAdd());
        assertEquals(List.of("no-new-privileges"), spec.host().security().securityOpt());
    }
}
