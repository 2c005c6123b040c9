package dev.berth.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.reference.ReferenceParser;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void parsesBearerWithQuotedParams() {
        Challenge c = Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/busybox:pull,push\"");
        assertTrue(c.isBearer());
        assertEquals("https://auth.docker.io/token", c.params().get("realm"));
        assertEquals("registry.docker.io", c.params().get("service"));
        assertEquals("repository:library/busybox:pull,push", c.params().get("scope"));
    }

    @Test
    void parsesBasic() {
        Challenge c = Challenge.parse("Basic realm=\"berth-e2e\"");
        assertTrue(c.isBasic());
        assertEquals("berth-e2e", c.params().get("realm"));
    }

    @Test
    void endpointSchemeAndHost() {
        RegistryEndpoint local = RegistryEndpoint.of(ReferenceParser.parse("localhost:5000/team/bb:1"), "");
        assertEquals("http://localhost:5000", local.base().toString());
        assertEquals("team/bb", local.repository());
        assertEquals("http://127.0.0.1:5555/v2/e2e/bb/manifests/1",
                RegistryEndpoint.of(ReferenceParser.parse("127.0.0.1:5555/e2e/bb"), "").manifest("1").toString());
        RegistryEndpoint hub = RegistryEndpoint.of(ReferenceParser.parse("busybox"), "");
        assertEquals("https://registry-1.docker.io", hub.base().toString());
        assertEquals("library/busybox", hub.repository());
        assertEquals("https://reg.example:5000",
                RegistryEndpoint.of(ReferenceParser.parse("reg.example:5000/a"), "").base().toString());
        assertEquals("http://reg.example:5000",
                RegistryEndpoint.of(ReferenceParser.parse("reg.example:5000/a"), "x, reg.example:5000")
                        .base().toString());
        assertFalse(RegistryEndpoint.isInsecure("example.com", null));
        assertEquals("docker.io", RegistryEndpoint.ofServer("https://index.docker.io/v1/", "").host());
        assertEquals("http://127.0.0.1:1/v2/", RegistryEndpoint.ofServer("127.0.0.1:1", "").ping().toString());
    }

    @Test
    void registryAuthHeader() {
        String json = "{\"username\":\"u\",\"password\":\"p?>\",\"serveraddress\":\"127.0.0.1:5000\"}";
        String header = java.util.Base64.getUrlEncoder().encodeToString(json.getBytes());
        RegistryCredentials c = RegistryCredentials.fromHeader(header);
        assertEquals("u", c.username());
        assertEquals("p?>", c.password());
        assertEquals(null, RegistryCredentials.fromHeader(java.util.Base64.getUrlEncoder().encodeToString("{}".getBytes())));
    }
}
