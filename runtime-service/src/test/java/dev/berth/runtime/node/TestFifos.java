package dev.berth.runtime.node;

import java.nio.file.Path;

/** FIFO pools for tests that record commands: no spares, never refilled, so each FIFO is one recorded mkfifo. */
final class TestFifos {
    private TestFifos() {
    }

    static FifoPool noSpares(ProcessRunner runner) {
        return new FifoPool(runner, Path.of("/nonexistent/berth-test-spares"), work -> { });
    }
}
