package dev.berth.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsLinkAliasesTest {

    @Test
    void linksParseAsAliasToContainer() {
        assertEquals(Map.of("bar", "upstream", "db", "db"),
                DnsServers.linkAliases(List.of("/Upstream:BAR", "db", ":x", "y:")));
        assertEquals(Map.of(), DnsServers.linkAliases(null));
    }

    @Test
    void onlyTheLinkingContainerResolvesItsAliasEvenBeforeTheTargetRuns() {
        DnsServers dns = new DnsServers(0, List.of());
        try {
            dns.register("n1", "127.0.0.1", "c1", "10.9.0.2", List.of("client"), List.of(),
                    DnsServers.linkAliases(List.of("upstream:bar")));
            assertNull(dns.lookup("n1", "10.9.0.2", "bar"));
            dns.register("n1", "127.0.0.1", "c2", "10.9.0.3", List.of("upstream"), List.of(), Map.of());
            assertEquals("10.9.0.3", dns.lookup("n1", "10.9.0.2", "bar"));
            assertEquals("10.9.0.3", dns.lookup("n1", "10.9.0.2", "upstream"));
            assertNull(dns.lookup("n1", "10.9.0.3", "bar"));
            dns.unregister("n1", "c1");
            assertNull(dns.lookup("n1", "10.9.0.2", "bar"));
        } finally {
            dns.stopAll();
        }
    }
}
