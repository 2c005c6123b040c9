package dev.berth.runtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.runtime.service.ExecService.Exec;
import dev.berth.runtime.spec.ExecRequest;
import dev.berth.runtime.spec.ProcessSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecTableTest {
    private static final ProcessSpec CONTAINER = new ProcessSpec("h", "", "", List.of(), "", false, false, false);

    private static Exec exec(String id, String container) {
        return new Exec(id, container, "c", new ExecRequest(List.of("true"), List.of(), "", "", false, false, true,
                true, false, ""), CONTAINER);
    }

    @Test
    void aContainerListsOnlyItsExecsThatHaveNotEnded() {
        ExecTable table = new ExecTable();
        Exec created = exec("aa1", "c1");
        Exec running = exec("aa2", "c1");
        running.running = true;
        Exec ended = exec("bb3", "c1");
        ended.exitCode = 0;
        Exec other = exec("cc4", "c2");
        List.of(created, running, ended, other).forEach(table::put);
        assertEquals(List.of("aa1", "aa2"), table.openIdsOf("c1").stream().sorted().toList());
        assertSame(ended, table.find("bb3"), "an ended exec stays inspectable");
        assertSame(ended, table.find("bb"), "by a unique prefix");
        assertNull(table.find("aa"), "an ambiguous prefix finds none");
    }

    @Test
    void anEndedExecIsMarkedAtOneSweepAndGoneAtTheNext() {
        ExecTable table = new ExecTable();
        Exec ended = exec("e1", "c1");
        ended.exitCode = 137;
        Exec running = exec("e2", "c1");
        running.running = true;
        table.put(ended);
        table.put(running);
        table.sweep();
        assertTrue(ended.canRemove);
        assertFalse(running.canRemove);
        assertSame(ended, table.find("e1"));
        running.running = false;
        running.exitCode = 0; // ends between two sweeps: marked at the next one, not removed yet
        table.sweep();
        assertNull(table.find("e1"));
        assertSame(running, table.find("e2"));
        table.sweep();
        assertEquals(0, table.size());
    }

    @Test
    void aRemovedContainersExecsGo() {
        ExecTable table = new ExecTable();
        table.put(exec("e1", "c1"));
        table.put(exec("e2", "c2"));
        table.forgetContainer("c1");
        assertNull(table.find("e1"));
        assertEquals(1, table.size());
    }
}
