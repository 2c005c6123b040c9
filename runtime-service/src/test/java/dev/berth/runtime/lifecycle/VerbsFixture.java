package dev.berth.runtime.lifecycle;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The verb tests' setup: fresh {@link Verbs} (in-memory store, recording node) over a temporary directory. */
abstract class VerbsFixture {
    @TempDir
    Path tmp;
    Verbs verbs;

    @BeforeEach
    void wire() throws Exception {
        verbs = new Verbs(tmp);
    }
}
