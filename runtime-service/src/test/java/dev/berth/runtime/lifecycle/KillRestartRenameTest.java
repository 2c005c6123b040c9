package dev.berth.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.runtime.domain.Container;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The verbs beside start/stop/pause/remove's basics ({@link LifecycleVerbsTest}), against the same fakes: kill and
 * stop of a paused container (the frozen process dies only once thawed), restart, the refusals of kill, unpause and
 * remove with dockerd's wording and status, and rename (allowed while running, as in Docker).
 */
class KillRestartRenameTest extends VerbsFixture {
    static final String ID = LifecycleVerbsTest.ID;
    static final String OTHER = "bada55".repeat(10) + "bada";

    /** A call refused with Docker's status and words before any node work. */
    private void assertRefused(Runnable call, ErrorKind kind, String message) {
        BerthException e = Verbs.refusal(call);
        assertEquals(kind, e.kind());
        assertEquals(message, e.getMessage());
        assertEquals(List.of(), verbs.node.calls());
    }

    /** What the kernel does: the container's process ends with {@code code} (its exit recorded). */
    private Consumer<String> exitsWith(int code) {
        return id -> verbs.exits.recordExit(id, code, false, OffsetDateTime.now(ZoneOffset.UTC)).await().indefinitely();
    }

    @Test
    void killOfAPausedContainerThawsItSoThatItDies() {
        verbs.store.add(ID, "web", Container.PAUSED);
        verbs.node.onThaw = exitsWith(137);
        verbs.stop.kill("web", null).await().indefinitely();
        assertEquals(List.of("kill 9", "thaw", "cleanupAfterExit"), verbs.node.calls());
        assertEquals(List.of("kill", "die"), verbs.store.events());
        assertEquals(Container.EXITED, verbs.store.rows.get(ID).state);
        assertEquals(137, verbs.store.rows.get(ID).exitCode);
    }

    @Test
    void stopOfAPausedContainerEndsInSigkillAndThaw() {
        verbs.store.add(ID, "web", Container.PAUSED);
        verbs.node.onThaw = exitsWith(137); // SIGTERM cannot reach a frozen process: no exit until the thaw
        assertTrue(verbs.stop.stop(ID, 0, null).await().indefinitely());
        assertEquals(List.of("kill 15", "kill 9", "thaw", "cleanupAfterExit"), verbs.node.calls());
        assertEquals(List.of("kill", "kill", "die", "stop"), verbs.store.events());
        assertEquals(Container.EXITED, verbs.store.rows.get(ID).state);
    }

    @Test
    void killWithAnotherSignalDoesNotWaitOrThaw() {
        verbs.store.add(ID, "web", Container.RUNNING);
        verbs.stop.kill(ID, "SIGHUP").await().indefinitely();
        assertEquals(List.of("kill 1"), verbs.node.calls());
        assertEquals(List.of("kill"), verbs.store.events());
        assertEquals(Container.RUNNING, verbs.store.rows.get(ID).state);
        assertTrue(verbs.store.rows.get(ID).manuallyStopped, "no restart policy applies after a user's kill");
    }

    @Test
    void killOfAStoppedContainerIsRefusedWithDockersMessage() {
        verbs.store.add(ID, "web", Container.EXITED);
        assertRefused(() -> verbs.stop.kill("web", null).await().indefinitely(), ErrorKind.CONFLICT,
                "Container " + ID + " is not running");
    }

    @Test
    void unpauseOfARunningContainerIsRefusedBeforeNodeWork() {
        verbs.store.add(ID, "web", Container.RUNNING);
        assertRefused(() -> verbs.pause.unpause(ID).await().indefinitely(), ErrorKind.CONFLICT,
                "Container " + ID + " is not paused");
    }

    @Test
    void restartStopsThenStartsThenReportsRestart() {
        verbs.store.add(ID, "web", Container.RUNNING);
        verbs.node.onKill = exitsWith(143);
        verbs.restart.restart("web", 10, null).await().indefinitely();
        assertEquals(List.of("kill 15", "cleanupAfterExit", "create", "start"), verbs.node.calls());
        assertEquals(List.of("kill", "die", "stop", "start", "restart"), verbs.store.events());
        assertEquals(List.of("Exited", "Started"), verbs.publishedKinds());
        assertEquals(Container.RUNNING, verbs.store.rows.get(ID).state);
    }

    @Test
    void restartOfAStoppedContainerOnlyStartsIt() {
        verbs.store.add(ID, "web", Container.EXITED);
        verbs.restart.restart(ID, null, null).await().indefinitely();
        assertEquals(List.of("create", "start"), verbs.node.calls());
        assertEquals(List.of("start", "restart"), verbs.store.events());
    }

    @Test
    void restartOfAContainerBeingRemovedIsRefused() {
        verbs.store.add(ID, "web", Container.REMOVING);
        assertRefused(() -> verbs.restart.restart(ID, null, null).await().indefinitely(), ErrorKind.CONFLICT,
                "container is marked for removal and cannot be started");
    }

    @Test
    void removeOfAPausedContainerIsRefusedUnlessForced() {
        verbs.store.add(ID, "web", Container.PAUSED);
        assertRefused(() -> verbs.remove.remove("web", false).await().indefinitely(), ErrorKind.CONFLICT,
                "You cannot remove a running container " + ID
                        + ". Stop the container before attempting removal or force remove");
        verbs.node.onThaw = exitsWith(137);
        verbs.remove.remove("web", true).await().indefinitely();
        assertEquals(List.of("kill 9", "thaw", "cleanupAfterExit", "removeAll"), verbs.node.calls());
        assertEquals(List.of("kill", "die", "destroy"), verbs.store.events());
    }

    @Test
    void renameOfARunningContainerIsAllowedAsInDocker() {
        verbs.store.add(ID, "web", Container.RUNNING);
        verbs.rename.rename("web", "/api").await().indefinitely();
        assertEquals("api", verbs.store.rows.get(ID).name);
        assertEquals(List.of("rename"), verbs.store.events());
        assertEquals(List.of(), verbs.node.calls(), "a name is the row's only");
    }

    @Test
    void renameToATakenNameIsAConflictNamingTheOwner() {
        verbs.store.add(ID, "web", Container.RUNNING);
        verbs.store.add(OTHER, "api", Container.EXITED);
        BerthException e = Verbs.refusal(() -> verbs.rename.rename(ID, "api").await().indefinitely());
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertEquals("Conflict. The container name \"/api\" is already in use by container \"" + OTHER
                + "\". You have to remove (or rename) that container to be able to reuse that name.", e.getMessage());
        assertEquals("web", verbs.store.rows.get(ID).name);
        assertEquals(List.of(), verbs.store.events());
    }

    @Test
    void renameRefusesAnEmptyOrUnchangedName() {
        verbs.store.add(ID, "web", Container.RUNNING);
        BerthException empty = Verbs.refusal(() -> verbs.rename.rename(ID, "/").await().indefinitely());
        assertEquals(ErrorKind.INVALID, empty.kind());
        assertEquals("Neither old nor new names may be empty", empty.getMessage());
        BerthException same = Verbs.refusal(() -> verbs.rename.rename(ID, "web").await().indefinitely());
        assertEquals(ErrorKind.INVALID, same.kind());
        assertEquals("Renaming a container with the same name as its current name", same.getMessage());
        assertEquals(List.of(), verbs.store.events());
    }
}
