package dev.berth.build.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MissExplanationTest {
    @Test
    void namesEachChange() {
        Map<String, String> before = Map.of("instruction", "COPY . /app", "file:/app/src/app.py",
                "file 644 sha256:aa", "file:/app/run.sh", "file 644 sha256:bb", "arg:VERSION", "1.2");
        Map<String, String> now = Map.of("instruction", "COPY . /app", "file:/app/src/app.py",
                "file 644 sha256:cc", "file:/app/run.sh", "file 755 sha256:bb", "arg:VERSION", "1.3",
                "file:/app/new.txt", "file 644 sha256:dd");
        assertEquals("build arg VERSION 1.2 → 1.3, app/new.txt added, app/run.sh mode 0644→0755,"
                + " app/src/app.py content changed", MissExplanation.explain(before, now));
        assertEquals("", MissExplanation.explain(now, now));
        assertEquals("the instruction was ENV A=1", MissExplanation.explain(
                Map.of("instruction", "ENV A=1", "env:A", "1"), Map.of("instruction", "ENV A=2", "env:A", "2")));
    }
}
