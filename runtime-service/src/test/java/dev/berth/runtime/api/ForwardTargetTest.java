package dev.berth.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ForwardTargetTest {
    @Test
    void aContainersVerbsNameIt() {
        assertEquals(new ForwardTarget(ForwardTarget.Kind.CONTAINER, "web"), ForwardTarget.of("/containers/web/start"));
        assertEquals(new ForwardTarget(ForwardTarget.Kind.CONTAINER, "web"), ForwardTarget.of("/v1.41/containers/web/logs"));
        assertEquals(new ForwardTarget(ForwardTarget.Kind.CONTAINER, "3f2a"), ForwardTarget.of("/containers/3f2a"));
        assertEquals(new ForwardTarget(ForwardTarget.Kind.CONTAINER, "web"), ForwardTarget.of("/containers/web/exec"));
        assertEquals(new ForwardTarget(ForwardTarget.Kind.CONTAINER, "web"),
                ForwardTarget.of("/internal/containers/web/networks/connect"));
        assertEquals(new ForwardTarget(ForwardTarget.Kind.CONTAINER, "3f2a"),
                ForwardTarget.of("/internal/containers/3f2a/layer"));
    }

    @Test
    void anExecsVerbsNameIt() {
        assertEquals(new ForwardTarget(ForwardTarget.Kind.EXEC, "ab12"), ForwardTarget.of("/v1.50/exec/ab12/start"));
        assertEquals(new ForwardTarget(ForwardTarget.Kind.EXEC, "ab12"), ForwardTarget.of("/exec/ab12/json"));
    }

    @Test
    void whatAnyNodeAnswersNamesNothing() {
        assertNull(ForwardTarget.of("/containers/create"));
        assertNull(ForwardTarget.of("/v1.41/containers/json"));
        assertNull(ForwardTarget.of("/containers/prune"));
        assertNull(ForwardTarget.of("/containers/"));
        assertNull(ForwardTarget.of("/exec/ab12"));
        assertNull(ForwardTarget.of("/nodes/n1"));
        assertNull(ForwardTarget.of("/images/busybox/json"));
        assertNull(ForwardTarget.of("/_ping"));
        assertNull(ForwardTarget.of("/internal/info"));
        assertNull(ForwardTarget.of("/internal/containers/"));
    }
}
