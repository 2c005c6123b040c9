package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class ApiVersionTest {

    @Test
    void pathsWithoutPrefixStayAsTheyAre() {
        assertEquals("/_ping", ApiVersion.strip("/_ping"));
        assertEquals("/containers/json", ApiVersion.strip("/containers/json"));
    }

    @Test
    void supportedPrefixesAreStripped() {
        assertEquals("/_ping", ApiVersion.strip("/v1.24/_ping"));
        assertEquals("/containers/abc/json", ApiVersion.strip("/v1.44/containers/abc/json"));
        assertEquals("/images/localhost:5000/a/b:1/json", ApiVersion.strip("/v1.55/images/localhost:5000/a/b:1/json"));
        assertEquals("/", ApiVersion.strip("/v1.50"));
    }

    @Test
    void tooOldAndTooNewAreBadRequestsInDockersWords() {
        BerthException old = assertThrows(BerthException.class, () -> ApiVersion.strip("/v1.23/info"));
        assertEquals(ErrorKind.INVALID, old.kind());
        assertTrue(old.getMessage().startsWith("client version 1.23 is too old. Minimum supported API version is 1.24"));
        BerthException fresh = assertThrows(BerthException.class, () -> ApiVersion.strip("/v1.56/info"));
        assertEquals("client version 1.56 is too new. Maximum supported API version is 1.55", fresh.getMessage());
        assertThrows(BerthException.class, () -> ApiVersion.strip("/v2.0/info"));
    }

    @Test
    void minorVersionsCompareAsNumbers() {
        assertEquals("/info", ApiVersion.strip("/v1.9/info".replace("1.9", "1.40")));
        assertThrows(BerthException.class, () -> ApiVersion.strip("/v1.9/info"));
    }

    @Test
    void theVersionIsTheClientsOrTheNewestWhenUnversioned() {
        assertEquals(new ApiVersion.Versioned("1.41", "/volumes/prune"), ApiVersion.parse("/v1.41/volumes/prune"));
        assertEquals(new ApiVersion.Versioned(ApiVersion.MAX, "/volumes/prune"), ApiVersion.parse("/volumes/prune"));
    }
}
