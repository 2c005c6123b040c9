package dev.berth.common.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ServiceDoorTest {
    private static final String TOKEN = "0123456789abcdef";

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheTokenOpensAServicePort() {
        ServiceDoor door = new ServiceDoor(TOKEN, new ServiceDoor.RegistryAccess("reg", true));
        assertNull(door.check("POST", "/containers/create", TOKEN, null));
        assertNull(door.check("GET", "/q/health/ready", TOKEN, null));
        ServiceDoor.Refusal none = door.check("POST", "/containers/create", null, null);
        assertNotNull(none);
        assertFalse(none.registry());
        assertNotNull(door.check("GET", "/containers/json", TOKEN + "0", null));
        assertNotNull(door.check("GET", "/containers/json", "", null));
        // the registry password and anonymous reads are for /v2 only
        assertNotNull(door.check("GET", "/containers/json", null, basic("berth", "reg")));
        assertNotNull(door.check("GET", "/q/health/ready", null, null));
    }

    @Test
    void withoutAConfiguredTokenNothingIsAccepted() {
        ServiceDoor door = new ServiceDoor("", ServiceDoor.RegistryAccess.CLOSED);
        assertNotNull(door.check("GET", "/containers/json", "", null));
        assertNotNull(door.check("GET", "/containers/json", null, null));
        assertTrue(door.check("GET", "/containers/json", "", null).message().contains("BERTH_SERVICE_TOKEN"));
    }

    @Test
    void theRegistrySideTakesBasicAuthAndAnonymousReadsOnlyWhenAsked() {
        ServiceDoor closed = new ServiceDoor(TOKEN, new ServiceDoor.RegistryAccess("reg", false));
        ServiceDoor.Refusal refusal = closed.check("GET", "/v2/app/manifests/1", null, null);
        assertNotNull(refusal);
        assertTrue(refusal.registry());
        assertNull(closed.check("GET", "/v2/", null, basic("anyone", "reg")));
        assertNull(closed.check("PUT", "/v2/app/manifests/1", null, basic("berth", "reg")));
        assertNotNull(closed.check("GET", "/v2/", null, basic("berth", "wrong")));
        assertNotNull(closed.check("GET", "/v2/", null, "Basic !!!not-base64"));
        assertNotNull(closed.check("GET", "/v2/", null, "Bearer reg"));
        assertNull(closed.check("GET", "/v2/app/blobs/sha256:00", TOKEN, null));

        ServiceDoor open = new ServiceDoor(TOKEN, new ServiceDoor.RegistryAccess("", true));
        assertNull(open.check("GET", "/v2/app/manifests/1", null, null));
        assertNull(open.check("HEAD", "/v2/app/blobs/sha256:00", null, null));
        assertNotNull(open.check("PUT", "/v2/app/manifests/1", null, null));
        assertNotNull(open.check("POST", "/v2/app/blobs/uploads/", null, basic("berth", "")));
        assertNotNull(open.check("DELETE", "/v2/app/manifests/1", null, null));
        // a path that merely starts with v2 is not the registry side
        assertNotNull(open.check("GET", "/v2x", null, null));
    }
}
