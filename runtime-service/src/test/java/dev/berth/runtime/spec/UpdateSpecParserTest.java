package dev.berth.runtime.spec;

import static dev.berth.runtime.spec.WireJson.invalid;
import static dev.berth.runtime.spec.WireJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UpdateSpecParserTest {
    private static String error(String body) throws Exception {
        return invalid(body, UpdateSpecParser::parse);
    }

    @Test
    void anUpdateBodyIsTyped() throws Exception {
        UpdateSpec u = UpdateSpecParser.parse(json("{'Memory': 67108864, 'CpusetCpus': '0', 'PidsLimit': 0,"
                + " 'BlkioWeight': 300, 'RestartPolicy': {'Name': 'on-failure', 'MaximumRetryCount': 2}}"));
        assertEquals(67108864, u.memory());
        assertEquals(300, u.blkioWeight());
        assertEquals("0", u.cpusetCpus());
        assertEquals(0L, u.pidsLimit());
        assertEquals(new RestartSpec("on-failure", 2), u.restartPolicy());
        assertTrue(u.changesResources());
    }

    @Test
    void absentFieldsKeepTheCurrentValues() throws Exception {
        UpdateSpec u = UpdateSpecParser.parse(json("{'RestartPolicy': {'Name': ''}}"));
        assertEquals(0, u.memory());
        assertEquals("", u.cpusetMems());
        assertNull(u.pidsLimit(), "no PidsLimit: the limit stays");
        assertNull(u.restartPolicy(), "a policy without a name leaves the policy as it is");
        assertFalse(u.changesResources());
        assertFalse(UpdateSpecParser.parse(null).changesResources());
    }

    @Test
    void wrongJsonTypesAre400sWordedAsDockerdsDecoder() throws Exception {
        assertEquals("json: cannot unmarshal string into Go struct field UpdateConfig.Memory of type int64",
                error("{'Memory': '64m'}"));
        assertEquals("json: cannot unmarshal number 70000 into Go struct field UpdateConfig.BlkioWeight of type"
                + " uint16", error("{'BlkioWeight': 70000}"));
        assertEquals("json: cannot unmarshal string into Go struct field RestartPolicy.RestartPolicy"
                + ".MaximumRetryCount of type int", error("{'RestartPolicy': {'Name': 'always', 'MaximumRetryCount':"
                + " 'x'}}"));
        assertEquals("json: cannot unmarshal number into Go struct field UpdateConfig.CpusetCpus of type string",
                error("{'CpusetCpus': 1}"));
    }
}
