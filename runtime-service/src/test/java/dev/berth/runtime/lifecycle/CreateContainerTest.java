package dev.berth.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.runtime.domain.Container;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docker create against an in-memory store, a recording node and recorded image/mount/network neighbours (no root,
 * database, Vert.x or HTTP): the order of its calls, the row and event it leaves, Docker's refusals, and what a
 * failure part way leaves behind (no row; the node's work and the volumes given back).
 */
class CreateContainerTest extends VerbsFixture {
    static final String OTHER = "d0d0".repeat(16);
    static final List<String> CLEANUP = List.of("removeAll", "releaseVolumes and anonymous");

    /** docker create with this request body; the container's id. */
    private String create(String name, String json) {
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return verbs.create.create(name, body).await().indefinitely();
    }

    @Test
    void resolvesTheImageThenMountsThenTheBundleThenNetworksThenKeepsTheRow() {
        String id = create("web", "{\"Image\":\"busybox\"}");
        assertEquals(List.of("volumesFrom", "inspect busybox", "layers busybox", "ensureLayers", "prepareMounts",
                "prepareBundle", "writeMounts", "resolveMode bridge", "recordNetworks bridge"), verbs.node.calls());
        Container c = verbs.store.rows.get(id);
        assertEquals("web", c.name);
        assertEquals(Container.CREATED, c.state);
        assertEquals(CreateNeighbours.IMAGE_ID, c.imageId);
        assertEquals("sh", c.path);
        assertEquals(List.of("create"), verbs.store.events());
        assertEquals(List.of(), verbs.published, "create publishes no lifecycle event");
    }

    @Test
    void withoutANameTheContainerGetsAFreeGeneratedOne() throws Exception {
        verbs.store.add(OTHER, "taken", Container.EXITED);
        String id = create(null, "{\"Image\":\"busybox\"}");
        String name = verbs.store.rows.get(id).name;
        assertTrue(name.matches("[a-z]+_[a-z]+[0-9]*"), name);
    }

    @Test
    void aNameInUseIsDockersConflictBeforeAnyImageOrNodeWork() {
        verbs.store.add(OTHER, "web", Container.RUNNING);
        BerthException e = Verbs.refusal(() -> create("web", "{\"Image\":\"busybox\"}"));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("Conflict. The container name \"/web\" is already in use by container \"" + OTHER
                + "\". You have to remove (or rename) that container to be able to reuse that name.", e.getMessage());
        assertEquals(CLEANUP, verbs.node.calls(), "only the cleanup of a failed create");
        assertEquals(1, verbs.store.rows.size());
        assertEquals(List.of(), verbs.store.events());
    }

    @Test
    void aMissingImageIsDockers404AndLeavesNothing() {
        BerthException e = Verbs.refusal(() -> create("web", "{\"Image\":\"nope:1\"}"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("No such image: nope:1", e.getMessage());
        assertFailedCreateLeftNothing(List.of("volumesFrom", "inspect nope:1", "removeAll",
                "releaseVolumes and anonymous"));
    }

    @Test
    void aCreateNoNodeCanTakeIsRefusedBeforeAnyWork() {
        String self = dev.berth.runtime.node.HostInfo.nodeName();
        BerthException e = Verbs.refusal(() -> create("web",
                "{\"Image\":\"busybox\",\"Env\":[\"constraint:storage==hdd\"]}"));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("no node can take this container: " + self + ": constraint storage==hdd (storage=ssd)",
                e.getMessage());
        assertFailedCreateLeftNothing(List.of()); // refused before any node work: not even a cleanup
        assertEquals(ErrorKind.INVALID, Verbs.refusal(() -> create("web",
                "{\"Image\":\"busybox\",\"Labels\":{\"com.docker.swarm.constraints\":\"storage\"}}")).kind());
    }

    @Test
    void aHostPortPublishedOnTheOnlyNodeRefusesAPlacedCreate() {
        verbs.nodes.set(0, new dev.berth.runtime.placement.NodeCandidate("id-self",
                dev.berth.runtime.node.HostInfo.nodeName(), java.util.Map.of(), true, 2, 1L << 32, 0, 0, 1,
                java.util.Set.of("web"), java.util.Set.of(), java.util.Set.of("8080/tcp")));
        BerthException e = Verbs.refusal(() -> create("db", "{\"Image\":\"busybox\",\"Env\":[\"constraint:node!=x\"],"
                + "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"8080\"}]}}}"));
        assertTrue(e.getMessage().endsWith("port 8080/tcp is published by another container there"), e.getMessage());
    }

    @Test
    void aCreateGoesToTheNodeTheSchedulerChooses() {
        String id = create("web", "{\"Image\":\"busybox\",\"Env\":[\"constraint:storage==ssd\"]}");
        assertTrue(verbs.store.rows.containsKey(id));
        verbs.nodes.add(new dev.berth.runtime.placement.NodeCandidate("id-other", "other", java.util.Map.of(), true,
                2, 1L << 32, 0, 0, 0, java.util.Set.of(), java.util.Set.of(), java.util.Set.of()));
        List<String> callsBefore = verbs.node.calls();
        String remote = create("db", "{\"Image\":\"busybox\",\"Env\":[\"constraint:node==other\"]}");
        assertEquals("e".repeat(64), remote); // the other node's answer
        assertEquals(List.of("other db"), verbs.sentElsewhere);
        assertEquals(callsBefore, verbs.node.calls()); // nothing made here
        assertFalse(verbs.store.rows.containsKey(remote));
    }

    @Test
    void onceThereIsAnotherNodeACreateWithoutExpressionsIsSpread() {
        verbs.nodes.set(0, new dev.berth.runtime.placement.NodeCandidate("id-self",
                dev.berth.runtime.node.HostInfo.nodeName(), java.util.Map.of(), true, 2, 1L << 32, 0, 0, 4,
                java.util.Set.of(), java.util.Set.of(), java.util.Set.of()));
        verbs.nodes.add(new dev.berth.runtime.placement.NodeCandidate("id-other", "other", java.util.Map.of(), true,
                2, 1L << 32, 0, 0, 1, java.util.Set.of(), java.util.Set.of(), java.util.Set.of()));
        List<String> callsBefore = verbs.node.calls();
        create("web", "{\"Image\":\"busybox\"}");
        assertEquals(List.of("other web"), verbs.sentElsewhere, "the node with fewer containers");
        assertEquals(callsBefore, verbs.node.calls());
        verbs.nodes.set(1, new dev.berth.runtime.placement.NodeCandidate("id-other", "other", java.util.Map.of(), true,
                2, 1L << 32, 0, 0, 9, java.util.Set.of(), java.util.Set.of(), java.util.Set.of()));
        String here = create("db", "{\"Image\":\"busybox\"}");
        assertTrue(verbs.store.rows.containsKey(here), "now this node has fewer");
    }

    @Test
    void aFailureInTheNodeWorkLeavesNoRowAndGivesBackWhatWasReserved() {
        verbs.node.onPrepareBundle = id -> {
            throw BerthException.internal("no space left on device", null);
        };
        BerthException e = Verbs.refusal(() -> create("web", "{\"Image\":\"busybox\"}"));
        assertEquals("no space left on device", e.getMessage());
        assertFailedCreateLeftNothing(List.of("volumesFrom", "inspect busybox", "layers busybox", "ensureLayers",
                "prepareMounts", "prepareBundle", "removeAll", "releaseVolumes and anonymous"));
    }

    /** The calls were these, ending in the cleanup; no row and no Docker event is left. */
    private void assertFailedCreateLeftNothing(List<String> calls) {
        assertEquals(calls, verbs.node.calls());
        assertTrue(verbs.store.rows.isEmpty());
        assertEquals(List.of(), verbs.store.events());
    }

    @Test
    void aRequestWithoutAnImageIsRefusedWithDockersWordsAndNoWork() {
        BerthException e = Verbs.refusal(() -> create("web", "{}"));
        assertEquals(ErrorKind.INVALID, e.kind());
        assertEquals("config cannot be empty in order to create a container", e.getMessage());
        assertEquals(List.of(), verbs.node.calls());
    }

    @Test
    void aWronglyTypedFieldIsA400NamingItBeforeAnyWork() {
        BerthException e = Verbs.refusal(() -> create("web",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":\"lots\"}}"));
        assertEquals(ErrorKind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("HostConfig.Memory"), e.getMessage());
        assertEquals(List.of(), verbs.node.calls());
    }
}
