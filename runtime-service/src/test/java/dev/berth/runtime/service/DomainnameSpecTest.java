package dev.berth.runtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainnameSpecTest {

    @Test
    void goesInAsTheSpecFieldAndTheUtsSysctl() {
        Map<String, Object> spec = spec(Map.of("type", "uts"), Map.of("net.ipv4.ip_forward", "1"));
        HostContainerNode.applyDomainname(spec, "example.test");
        assertEquals("example.test", spec.get("domainname"));
        assertEquals(Map.of("net.ipv4.ip_forward", "1", "kernel.domainname", "example.test"), sysctl(spec));
    }

    @Test
    void anExplicitSysctlWins() {
        Map<String, Object> spec = spec(Map.of("type", "uts"), Map.of("kernel.domainname", "mine"));
        HostContainerNode.applyDomainname(spec, "example.test");
        assertEquals("mine", sysctl(spec).get("kernel.domainname"));
    }

    @Test
    void nothingWithoutAUtsNamespaceOfItsOwn() {
        Map<String, Object> spec = spec(Map.of("type", "uts", "path", "/proc/1/ns/uts"), Map.of());
        HostContainerNode.applyDomainname(spec, "example.test");
        assertFalse(spec.containsKey("domainname"));
        assertEquals(Map.of(), sysctl(spec));
    }

    @Test
    void nothingWhenNoneIsAsked() {
        Map<String, Object> spec = spec(Map.of("type", "uts"), Map.of());
        HostContainerNode.applyDomainname(spec, "");
        assertFalse(spec.containsKey("domainname"));
    }

    private static Map<String, Object> spec(Map<String, Object> uts, Map<String, String> sysctl) {
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", new ArrayList<>(List.of(Map.of("type", "pid"), uts)));
        linux.put("sysctl", sysctl);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("linux", linux);
        return spec;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sysctl(Map<String, Object> spec) {
        return (Map<String, Object>) ((Map<String, Object>) spec.get("linux")).get("sysctl");
    }
}
