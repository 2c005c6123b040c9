package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OwnerTest {

    @Test
    void eachDomainGoesToItsOwner() {
        assertEquals(Optional.of(Owner.RUNTIME), Owner.of("/containers/create"));
        assertEquals(Optional.of(Owner.RUNTIME), Owner.of("/containers/json"));
        assertEquals(Optional.of(Owner.RUNTIME), Owner.of("/exec/abc/start"));
        assertEquals(Optional.of(Owner.IMAGE), Owner.of("/images/busybox/json"));
        assertEquals(Optional.of(Owner.IMAGE), Owner.of("/images/load"));
        assertEquals(Optional.of(Owner.BUILD), Owner.of("/build"));
        assertEquals(Optional.of(Owner.VOLUME), Owner.of("/volumes"));
        assertEquals(Optional.of(Owner.NETWORK), Owner.of("/networks/none"));
    }

    @Test
    void internalAndUnknownPathsAreNotRouted() {
        assertTrue(Owner.of("/internal/info").isEmpty());
        assertTrue(Owner.of("/internal/blobs/sha256:00").isEmpty());
        assertTrue(Owner.of("/containersx/json").isEmpty());
        assertTrue(Owner.of("/").isEmpty());
    }
}
