package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FifoPoolTest {
    @TempDir
    Path tmp;

    /** mkfifo's stand-in: makes a plain file per path argument. */
    private final RecordingProcessRunner runner = new RecordingProcessRunner().respond(c -> {
        for (String arg : c.argv().subList(3, c.argv().size())) {
            try {
                Files.createFile(Path.of(arg));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ProcessRunner.Result(0, "", "");
    });

    private List<Path> targets(String exec) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bundle").resolve(exec));
        return List.of(dir.resolve("syncpipe"), dir.resolve("attachpipe"), dir.resolve("startpipe"));
    }

    @Test
    void theFirstExecMakesItsOwnThenLaterOnesTakeSpares() throws IOException {
        FifoPool pool = new FifoPool(runner, tmp.resolve("fifos"), Runnable::run);
        List<Path> first = targets("e1");
        pool.place(first);
        first.forEach(p -> assertTrue(Files.exists(p), p.toString()));
        // one mkfifo for the three, then one for a batch of spares
        assertEquals(2, runner.commands().size());
        assertEquals(List.of("mkfifo", "-m", "0600"), runner.commands().get(0).argv().subList(0, 3));
        assertEquals(3 + 3, runner.commands().get(0).argv().size());
        assertEquals(3 + FifoPool.BATCH, runner.commands().get(1).argv().size());

        List<Path> second = targets("e2");
        pool.place(second);
        second.forEach(p -> assertTrue(Files.exists(p), p.toString()));
        assertEquals(2, runner.commands().size(), "no process for the second exec");
        assertEquals(FifoPool.BATCH - 3, spareCount());
    }

    @Test
    void sparesLeftByAnEarlierRunAreUsed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fifos"));
        for (int i = 0; i < FifoPool.BATCH; i++) {
            Files.createFile(dir.resolve("fifo-old-" + i));
        }
        FifoPool pool = new FifoPool(runner, dir, Runnable::run);
        List<Path> targets = targets("e1");
        pool.place(targets);
        targets.forEach(p -> assertTrue(Files.exists(p), p.toString()));
        assertEquals(List.of(), runner.commands());
    }

    @Test
    void aRefillStartsWhenFewSparesAreLeft() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("fifos"));
        for (int i = 0; i < FifoPool.BATCH / 2 + 2; i++) {
            Files.createFile(dir.resolve("fifo-old-" + i));
        }
        FifoPool pool = new FifoPool(runner, dir, Runnable::run);
        pool.place(targets("e1"));
        assertEquals(1, runner.commands().size(), "below half a batch: one refill");
        assertEquals(FifoPool.BATCH / 2 - 1 + FifoPool.BATCH, spareCount());
    }

    private long spareCount() throws IOException {
        try (var files = Files.list(tmp.resolve("fifos"))) {
            return files.count();
        }
    }
}
