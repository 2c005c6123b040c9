package dev.berth.image.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeletePlanTest {
    private static final String ID = "sha256:0123456789ab" + "c".repeat(52);
    private static final String CTR = "fedcba987654" + "0".repeat(52);
    private static final Reference BUSYBOX = ReferenceParser.parse("busybox").withDefaultTag();
    private static final Reference OTHER = ReferenceParser.parse("other:1");

    @Test
    void untagsWhenOtherTagsRemain() {
        DeletePlan plan = DeletePlan.of(ID, "busybox", BUSYBOX, List.of(BUSYBOX, OTHER), List.of(), false, false);
        assertEquals(List.of(BUSYBOX), plan.untag());
        assertFalse(plan.delete());
    }

    @Test
    void deletesWithLastTag() {
        DeletePlan plan = DeletePlan.of(ID, "busybox", BUSYBOX, List.of(BUSYBOX), List.of(), false, false);
        assertEquals(List.of(BUSYBOX), plan.untag());
        assertTrue(plan.delete());
    }

    @Test
    void anImageWithChildrenIsOnlyUntaggedByItsLastTagAndNeverDeletedById() {
        DeletePlan byTag = DeletePlan.of(ID, "busybox", BUSYBOX, List.of(BUSYBOX), List.of(), true, false);
        assertEquals(List.of(BUSYBOX), byTag.untag());
        assertFalse(byTag.delete());
        for (boolean force : new boolean[] {false, true}) {
            BerthException e = assertThrows(BerthException.class,
                    () -> DeletePlan.of(ID, "0123", null, List.of(), List.of(), true, force));
            assertEquals("conflict: unable to delete 0123456789ab (cannot be forced) - image has dependent child images",
                    e.getMessage());
        }
    }

    @Test
    void byIdWithSeveralTagsNeedsForce() {
        BerthException e = assertThrows(BerthException.class,
                () -> DeletePlan.of(ID, "0123", null, List.of(BUSYBOX, OTHER), List.of(), false, false));
        assertEquals("conflict: unable to delete 0123456789ab (must be forced) - image is referenced in multiple repositories",
                e.getMessage());
        DeletePlan forced = DeletePlan.of(ID, "0123", null, List.of(BUSYBOX, OTHER), List.of(), false, true);
        assertEquals(List.of(BUSYBOX, OTHER), forced.untag());
        assertTrue(forced.delete());
    }

    @Test
    void stoppedContainerBlocksUntagOfLastReference() {
        List<ImageUser> users = List.of(new ImageUser(CTR, false));
        BerthException e = assertThrows(BerthException.class,
                () -> DeletePlan.of(ID, "busybox", BUSYBOX, List.of(BUSYBOX), users, false, false));
        assertEquals("conflict: unable to remove repository reference \"busybox\" (must force) - container fedcba987654"
                + " is using its referenced image 0123456789ab", e.getMessage());
        DeletePlan forced = DeletePlan.of(ID, "busybox", BUSYBOX, List.of(BUSYBOX), users, false, true);
        assertTrue(forced.delete());
    }

    @Test
    void runningContainerCannotBeForced() {
        List<ImageUser> users = List.of(new ImageUser(CTR, true));
        BerthException e = assertThrows(BerthException.class,
                () -> DeletePlan.of(ID, ID, null, List.of(), users, false, true));
        assertEquals("conflict: unable to delete 0123456789ab (cannot be forced) - image is being used by running"
                + " container fedcba987654", e.getMessage());
        // by reference with force: the tag goes, the image stays (dangling), like dockerd
        DeletePlan plan = DeletePlan.of(ID, "busybox", BUSYBOX, List.of(BUSYBOX), users, false, true);
        assertEquals(List.of(BUSYBOX), plan.untag());
        assertFalse(plan.delete());
    }

    @Test
    void stoppedContainerByIdMustBeForced() {
        List<ImageUser> users = List.of(new ImageUser(CTR, false));
        BerthException e = assertThrows(BerthException.class,
                () -> DeletePlan.of(ID, "0123456789ab", null, List.of(), users, false, false));
        assertEquals("conflict: unable to delete 0123456789ab (must be forced) - image is being used by stopped"
                + " container fedcba987654", e.getMessage());
        assertTrue(DeletePlan.of(ID, "0123456789ab", null, List.of(), users, false, true).delete());
    }
}
