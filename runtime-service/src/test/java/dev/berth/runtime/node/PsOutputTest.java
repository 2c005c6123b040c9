package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PsOutputTest {
    static final String PS = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 18:00 ?        00:00:01 /sbin/init
            root        1284    1274  0 19:01 ?        00:00:00 sleep 1000
            root        1300    1274  0 19:02 pts/0    00:00:00 sh -c echo a b
            """;

    @Test
    void keepsTheContainersPidsAndMergesTheCommand() {
        Map<String, Object> top = PsOutput.parse(PS, Set.of(1284, 1300));
        assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), top.get("Titles"));
        assertEquals(List.of(
                List.of("root", "1284", "1274", "0", "19:01", "?", "00:00:00", "sleep 1000"),
                List.of("root", "1300", "1274", "0", "19:02", "pts/0", "00:00:00", "sh -c echo a b")),
                top.get("Processes"));
    }

    @Test
    void noProcessesWhenNoneMatch() {
        assertEquals(List.of(), PsOutput.parse(PS, Set.of(99)).get("Processes"));
    }

    @Test
    void runcPauseAndResume() {
        RecordingProcessRunner runner = new RecordingProcessRunner();
        Runc runc = new Runc(runner, java.nio.file.Path.of("/run/berth/runtime/runc"));
        runc.pause("abc");
        assertEquals(List.of("/usr/sbin/runc", "--root", "/run/berth/runtime/runc", "pause", "abc"), runner.last().argv());
        runc.resume("abc");
        assertEquals(List.of("/usr/sbin/runc", "--root", "/run/berth/runtime/runc", "resume", "abc"), runner.last().argv());
    }
}
