package dev.berth.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.LifecycleEvent;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verbs against an in-memory store and a recording node (no root, database or Vert.x): what they refuse before
 * any node work, the order of their node calls, their Docker events, the lifecycle events they publish, and the
 * in-flight rules (an exit during a start, a removal during a start).
 */
class LifecycleVerbsTest extends VerbsFixture {
    static final String ID = "c0ffee".repeat(10) + "c0ff";

    @Test
    void startRunsCreateThenStartAndPublishesAfterTheCommit() {
        verbs.store.add(ID, "web", Container.CREATED);
        verbs.start.start("web").await().indefinitely();
        assertEquals(List.of("create", "start"), verbs.node.calls());
        Container c = verbs.store.rows.get(ID);
        assertEquals(Container.RUNNING, c.state);
        assertEquals(4242, c.pid);
        assertEquals(List.of("start"), verbs.store.events());
        assertEquals(List.of(new LifecycleEvent.Started(ID, true)), verbs.published);
        assertFalse(verbs.inFlight.isStarting(ID));
    }

    @Test
    void startOfARunningContainerIsRefusedBeforeNodeWork() {
        verbs.store.add(ID, "web", Container.RUNNING);
        BerthException e = Verbs.refusal(() -> verbs.start.start(ID).await().indefinitely());
        assertEquals(ErrorKind.NOT_MODIFIED, e.kind());
        assertEquals(List.of(), verbs.node.calls());
        assertEquals(List.of(), verbs.published);
    }

    @Test
    void aSecondStartWhileOneIsInFlightIsRefused() {
        verbs.store.add(ID, "web", Container.CREATED);
        assertTrue(verbs.inFlight.beginStart(ID));
        BerthException e = Verbs.refusal(() -> verbs.start.start(ID).await().indefinitely());
        assertEquals(ErrorKind.NOT_MODIFIED, e.kind());
        assertEquals(List.of(), verbs.node.calls());
    }

    @Test
    void anExitDuringTheStartIsHandledOnceTheStartCommitted() {
        verbs.store.add(ID, "web", Container.CREATED);
        verbs.node.onStart = id -> {
            verbs.exitFile(id, 3);
            verbs.exits.handleExit(id).await().indefinitely(); // the exit watcher, while the start is in flight
            assertEquals(Container.CREATED, verbs.store.rows.get(id).state, "deferred, not recorded yet");
        };
        verbs.start.start(ID).await().indefinitely();
        Container c = verbs.store.rows.get(ID);
        assertEquals(Container.EXITED, c.state);
        assertEquals(3, c.exitCode);
        assertEquals(List.of("create", "start", "cleanupAfterExit"), verbs.node.calls());
        assertEquals(List.of("start", "die"), verbs.store.events());
        assertEquals(List.of("Started", "Exited"), verbs.publishedKinds());
    }

    @Test
    void aRemovalDuringTheStartIsRefusedAsForARunningContainer() {
        verbs.store.add(ID, "web", Container.CREATED);
        BerthException[] refused = new BerthException[1];
        verbs.node.onStart = id -> refused[0] = Verbs.refusal(() -> verbs.remove.remove(id, false).await().indefinitely());
        verbs.start.start(ID).await().indefinitely();
        assertEquals(ErrorKind.CONFLICT, refused[0].kind());
        assertTrue(refused[0].getMessage().startsWith("You cannot remove a running container"));
        assertEquals(List.of("create", "start"), verbs.node.calls());
        assertEquals(Container.RUNNING, verbs.store.rows.get(ID).state);
    }

    @Test
    void stopSignalsWaitsForTheExitThenReportsStop() {
        verbs.store.add(ID, "web", Container.RUNNING);
        verbs.node.onKill = id -> verbs.exits.recordExit(id, 143, false, OffsetDateTime.now(ZoneOffset.UTC))
                .await().indefinitely();
        assertTrue(verbs.stop.stop("web", 10, null).await().indefinitely());
        assertEquals(List.of("kill 15", "cleanupAfterExit"), verbs.node.calls());
        assertEquals(List.of("kill", "die", "stop"), verbs.store.events());
        Container c = verbs.store.rows.get(ID);
        assertEquals(Container.EXITED, c.state);
        assertTrue(c.manuallyStopped);
        assertEquals(List.of(new LifecycleEvent.Exited(ID, 143, false, null, c.finishedAt)), verbs.published);
    }

    @Test
    void stopOfAStoppedContainerDoesNothing() {
        verbs.store.add(ID, "web", Container.EXITED);
        assertFalse(verbs.stop.stop(ID, 10, null).await().indefinitely());
        assertEquals(List.of(), verbs.node.calls());
        assertEquals(List.of(), verbs.store.events());
    }

    @Test
    void stopOfARestartingContainerCancelsItsRestartWithoutASignal() {
        verbs.store.add(ID, "web", Container.RESTARTING);
        assertTrue(verbs.stop.stop(ID, 10, null).await().indefinitely());
        assertEquals(List.of(), verbs.node.calls());
        assertEquals(Container.EXITED, verbs.store.rows.get(ID).state);
        assertEquals(List.of(new LifecycleEvent.RestartCancelled(ID)), verbs.published);
    }

    @Test
    void pauseIsRefusedBeforeNodeWorkUnlessRunning() {
        verbs.store.add(ID, "web", Container.EXITED);
        BerthException e = Verbs.refusal(() -> verbs.pause.pause(ID).await().indefinitely());
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals(List.of(), verbs.node.calls());
        verbs.store.rows.get(ID).state = Container.RUNNING;
        verbs.pause.pause(ID).await().indefinitely();
        assertEquals(Container.PAUSED, verbs.store.rows.get(ID).state);
        assertEquals("container " + ID + " is already paused",
                Verbs.refusal(() -> verbs.pause.pause(ID).await().indefinitely()).getMessage());
        verbs.pause.unpause(ID).await().indefinitely();
        assertEquals(List.of("pause", "unpause"), verbs.node.calls());
        assertEquals(List.of("pause", "unpause"), verbs.store.events());
    }

    @Test
    void pauseChecksAgainOnTheLockedRow() {
        verbs.store.add(ID, "web", Container.RUNNING);
        // the container exits between the check and the transaction
        verbs.node.onPause = id -> verbs.store.rows.get(id).state = Container.EXITED;
        assertEquals(ErrorKind.CONFLICT, Verbs.refusal(() -> verbs.pause.pause(ID).await().indefinitely()).kind());
        assertEquals(Container.EXITED, verbs.store.rows.get(ID).state);
        assertEquals(List.of(), verbs.store.events());
    }

    @Test
    void removeOfAStoppedContainerRemovesNodeFilesThenTheRow() {
        verbs.store.add(ID, "web", Container.EXITED);
        verbs.remove.remove("web", false).await().indefinitely();
        assertNull(verbs.store.rows.get(ID));
        assertEquals(List.of("removeAll"), verbs.node.calls());
        assertEquals(List.of("destroy"), verbs.store.events());
        assertEquals(List.of(new LifecycleEvent.Removing(ID), new LifecycleEvent.Removed(ID)), verbs.published);
        assertFalse(verbs.inFlight.isRemoving(ID));
    }

    @Test
    void removeOfARunningContainerIsRefusedUnlessForced() {
        verbs.store.add(ID, "web", Container.RUNNING);
        assertEquals(ErrorKind.CONFLICT, Verbs.refusal(() -> verbs.remove.remove(ID, false).await().indefinitely()).kind());
        assertEquals(List.of(), verbs.node.calls());
        verbs.node.onKill = id -> verbs.exits.recordExit(id, 137, false, OffsetDateTime.now(ZoneOffset.UTC))
                .await().indefinitely();
        verbs.remove.remove(ID, true).await().indefinitely();
        assertEquals(List.of("kill 9", "cleanupAfterExit", "thaw", "removeAll"), verbs.node.calls());
        assertEquals(List.of("kill", "die", "destroy"), verbs.store.events());
        assertNull(verbs.store.rows.get(ID));
    }
}
