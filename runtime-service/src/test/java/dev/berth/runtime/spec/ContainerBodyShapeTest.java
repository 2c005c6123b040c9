package dev.berth.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class ContainerBodyShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void acceptsWhatClientsSend() throws Exception {
        assertDoesNotThrow(() -> ContainerBodyShape.checkCreate(json("""
                {"Image":"busybox","Cmd":"echo hi","Entrypoint":["sh","-c"],"Env":null,"Labels":{"a":"b"},
                 "ExposedPorts":{"80/tcp":{}},"StopTimeout":10,"Unknown":{"x":1},
                 "HostConfig":{"Memory":1048576,"CapAdd":"NET_ADMIN","RestartPolicy":{"Name":""},"Isolation":"",
                   "LogConfig":{"Type":"json-file","Config":{}},"Binds":["/a:/b"]},
                 "NetworkingConfig":{"EndpointsConfig":{}}}""")));
        assertDoesNotThrow(() -> ContainerBodyShape.checkUpdate(json("{\"Memory\":0,\"RestartPolicy\":{\"Name\":\"always\"}}")));
    }

    @Test
    void refusesWrongTypesAsDockerdDoes() throws Exception {
        BerthException e = assertThrows(BerthException.class,
                () -> ContainerBodyShape.checkCreate(json("{\"Image\":\"busybox\",\"HostConfig\":{\"CpuCount\":\"two\"}}")));
        assertEquals(ErrorKind.INVALID, e.kind());
        assertEquals("invalid JSON: HostConfig.CpuCount must be an integer, not a string", e.getMessage());
        assertThrows(BerthException.class, () -> ContainerBodyShape.checkCreate(json("{\"Labels\":[\"a\"]}")));
        assertThrows(BerthException.class, () -> ContainerBodyShape.checkCreate(json("{\"Cmd\":{\"a\":1}}")));
        assertThrows(BerthException.class, () -> ContainerBodyShape.checkCreate(json("{\"HostConfig\":{\"Memory\":1.5}}")));
        assertThrows(BerthException.class, () -> ContainerBodyShape.checkUpdate(json("{\"Init\":\"yes\"}")));
        assertThrows(BerthException.class, () -> ContainerBodyShape.checkCreate(json("[1]")));
    }

    @Test
    void leavesTheEnumsRuntimeServiceChecksInDockerdsWordsToThoseChecks() throws Exception {
        // LogOptions: "logger: no log driver named 'x' is registered"; RestartPolicy: "invalid restart policy: ..."
        assertDoesNotThrow(() -> ContainerBodyShape.checkCreate(json(
                "{\"HostConfig\":{\"LogConfig\":{\"Type\":\"nosuchdriver\"},\"RestartPolicy\":{\"Name\":\"sometimes\"}}}")));
        assertThrows(BerthException.class, () -> ContainerBodyShape.checkCreate(json(
                "{\"HostConfig\":{\"LogConfig\":{\"Type\":7}}}")));
    }

    @Test
    void refusesValuesOutsideAnEnum() throws Exception {
        BerthException e = assertThrows(BerthException.class, () -> ContainerBodyShape.checkCreate(
                json("{\"HostConfig\":{\"CgroupnsMode\":\"sometimes\"}}")));
        assertEquals("invalid HostConfig.CgroupnsMode: 'sometimes' (one of: private, host)", e.getMessage());
        assertThrows(BerthException.class,
                () -> ContainerBodyShape.checkCreate(json("{\"HostConfig\":{\"Isolation\":\"bogus\"}}")));
    }
}
