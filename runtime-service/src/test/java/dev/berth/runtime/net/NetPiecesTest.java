package dev.berth.runtime.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.common.errors.BerthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetPiecesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void portBindingsAndPublishAll() throws Exception {
        var config = JSON.readTree("{\"ExposedPorts\":{\"80/tcp\":{},\"53/udp\":{},\"9000/tcp\":{}}}");
        var host = JSON.readTree("{\"PublishAllPorts\":true,\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\","
                + "\"HostPort\":\"8080\"},{\"HostIp\":\"\",\"HostPort\":\"\"}]}}");
        List<PortMapping> ports = PortMapping.from(ContainerSpecParser.stored(config, host), "0.0.0.0");
        assertEquals(List.of(new PortMapping("tcp", 80, "127.0.0.1", 8080), new PortMapping("tcp", 80, "0.0.0.0", 0),
                new PortMapping("udp", 53, "0.0.0.0", 0), new PortMapping("tcp", 9000, "0.0.0.0", 0)), ports);
        assertThrows(BerthException.class, () -> PortMapping.from(ContainerSpecParser.stored(config,
                JSON.readTree("{\"PortBindings\":{\"80/foo\":[{\"HostPort\":\"1\"}]}}")), ""));
    }

    @Test
    void resolvConfDropsLoopbackAndTakesOverrides() {
        List<String> host = List.of("# generated", "nameserver 127.0.0.53", "nameserver 10.0.0.2", "search corp.example",
                "options edns0");
        assertEquals("search corp.example\nnameserver 10.0.0.2\noptions edns0\n",
                EtcFiles.resolvConf(host, List.of(), List.of(), List.of(), null));
        assertEquals("search a.test\nnameserver 1.1.1.1\noptions ndots:2\n",
                EtcFiles.resolvConf(host, List.of("1.1.1.1"), List.of("a.test"), List.of("ndots:2"), null));
        assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\n",
                EtcFiles.resolvConf(List.of("nameserver 127.0.0.1"), List.of(), List.of(), List.of(), null));
        assertEquals("search corp.example\nnameserver 10.1.0.1\noptions edns0\n",
                EtcFiles.resolvConf(host, List.of(), List.of(), List.of(), "10.1.0.1"));
    }

    @Test
    void hostsFile() {
        String hosts = EtcFiles.hosts("10.1.0.2", "box", "example.test", List.of("gw:10.1.0.1"),
                List.of("10.1.0.3\tdb abcdef012345 db-1"));
        assertEquals(EtcFiles.LOCAL_HOSTS + "10.1.0.1\tgw\n10.1.0.3\tdb abcdef012345 db-1\n"
                + "10.1.0.2\tbox.example.test box\n", hosts);
    }

    @Test
    void dnsAnswersKnownNamesAndLeavesOthers() {
        byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'e', 'b', 0, 0, 1, 0, 1};
        Map<String, String> names = Map.of("web", "10.1.0.7");
        byte[] answer = DnsMessage.answer(query, names::get);
        assertEquals(0x12, answer[0]);
        assertEquals(1, answer[7]); // one answer
        assertArrayEquals(new byte[] {10, 1, 0, 7}, java.util.Arrays.copyOfRange(answer, answer.length - 4, answer.length));
        byte[] other = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'f', 'o', 'o', 0, 0, 1, 0, 1};
        assertNull(DnsMessage.answer(other, names::get));
        byte[] aaaa = query.clone();
        aaaa[18] = 28;
        assertEquals(0, DnsMessage.answer(aaaa, names::get)[7]); // known name, no AAAA record
    }
}
