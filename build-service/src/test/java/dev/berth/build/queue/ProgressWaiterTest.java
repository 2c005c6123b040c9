package dev.berth.build.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressWaiterTest {
    private final List<String> written = new ArrayList<>();
    private final int[] ends = {0};
    private final ProgressWaiter waiter = new ProgressWaiter(m -> written.add(m.asText()), () -> ends[0]++);

    private static ProgressRecord line(int attempt, long seq, String text) {
        return new ProgressRecord(attempt, seq, TextNode.valueOf(text), false);
    }

    @Test
    void writesEachMessageOnceInOrder() {
        waiter.accept(line(1, 1, "a"));
        waiter.accept(line(1, 2, "b"));
        waiter.accept(line(1, 2, "b"));
        waiter.accept(line(1, 1, "a"));
        waiter.accept(line(1, 3, "c"));
        assertEquals(List.of("a", "b", "c"), written);
    }

    @Test
    void aNewerAttemptRestartsNumberingAndSilencesTheLostWorker() {
        waiter.accept(line(1, 1, "Step 1/2"));
        waiter.accept(line(1, 2, "Step 2/2"));
        waiter.accept(line(2, 1, "Resuming"));
        waiter.accept(line(1, 3, "late output of the lost worker"));
        waiter.accept(line(2, 2, "Step 2/2"));
        assertEquals(List.of("Step 1/2", "Step 2/2", "Resuming", "Step 2/2"), written);
    }

    @Test
    void endsOnceAndIgnoresWhatFollows() {
        assertFalse(waiter.accept(line(1, 1, "a")));
        assertTrue(waiter.accept(new ProgressRecord(1, 2, null, true)));
        assertTrue(waiter.accept(new ProgressRecord(1, 2, null, true)));
        assertTrue(waiter.accept(line(2, 1, "after the end")));
        assertEquals(1, ends[0]);
        assertEquals(List.of("a"), written);
    }

    @Test
    void theEndRecordOfAnOlderAttemptDoesNotEndTheStream() {
        waiter.accept(line(2, 1, "Resuming"));
        assertFalse(waiter.accept(new ProgressRecord(1, 9, null, true)));
        assertEquals(0, ends[0]);
    }

}
