package dev.berth.runtime.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStreamerTest {
    @TempDir
    Path bundle;

    /** Collects what reaches the client, decoding Docker's frames back into "stream:text" entries. */
    static final class RecordingSink implements LogSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;
        int closeAfter = Integer.MAX_VALUE;

        @Override
        public boolean write(Buffer batch) {
            writes++;
            bytes.writeBytes(batch.getBytes());
            return writes < closeAfter;
        }

        @Override
        public boolean closed() {
            return writes >= closeAfter;
        }

        List<String> frames() {
            byte[] b = bytes.toByteArray();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < b.length;) {
                int length = ((b[i + 4] & 0xff) << 24) | ((b[i + 5] & 0xff) << 16) | ((b[i + 6] & 0xff) << 8)
                        | (b[i + 7] & 0xff);
                out.add(b[i] + ":" + new String(b, i + 8, length, StandardCharsets.UTF_8));
                i += 8 + length;
            }
            return out;
        }
    }

    private void append(Path file, String... records) throws IOException {
        Files.writeString(file, String.join("", records), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String rec(int second, String stream, String tag, String text) {
        return "2026-12-02T10:00:" + (second < 10 ? "0" : "") + second + ".000000001+00:00 " + stream + " " + tag + " "
                + text + "\n";
    }

    private List<String> read(LogQuery q) throws Exception {
        RecordingSink sink = new RecordingSink();
        LogStreamer.stream(bundle, q, false, sink, () -> false);
        return sink.frames();
    }

    private static LogQuery all() {
        return new LogQuery(true, true, false, false, -1, null, null);
    }

    private static LogQuery tail(int n) {
        return new LogQuery(true, true, false, false, n, null, null);
    }

    /** Three files (two rotated), records 0..8, odd ones on stderr. */
    private void threeFiles() throws IOException {
        for (int i = 0; i < 9; i++) {
            String file = i < 3 ? "ctr.log.2" : i < 6 ? "ctr.log.1" : "ctr.log";
            append(bundle.resolve(file), rec(i, i % 2 == 0 ? "stdout" : "stderr", "F", "line " + i));
        }
    }

    @Test
    void recordsCrossingReadChunksArriveWholeEvenLongerThanAChunk() throws Exception {
        StringBuilder log = new StringBuilder();
        List<String> expected = new ArrayList<>();
        int n = 0;
        while (log.length() < 2 * LogStreamer.READ_CHUNK + 1000) {
            String text = "line " + n + " " + "x".repeat(n % 97);
            log.append(rec(n % 60, n % 2 == 0 ? "stdout" : "stderr", "F", text));
            expected.add((n % 2 == 0 ? 1 : 2) + ":" + text + "\n");
            n++;
            if (n == 5000) {
                String huge = "h".repeat(LogStreamer.READ_CHUNK + 10); // spans a whole chunk and both its ends
                log.append(rec(1, "stdout", "F", huge));
                expected.add("1:" + huge + "\n");
            }
        }
        append(bundle.resolve("ctr.log"), log.toString());
        assertEquals(expected, read(all()));
    }

    @Test
    void everythingInOrderAcrossRotatedFilesWithStreamsFramed() throws Exception {
        threeFiles();
        List<String> frames = read(all());
        assertEquals(9, frames.size());
        assertEquals("1:line 0\n", frames.get(0));
        assertEquals("2:line 1\n", frames.get(1));
        assertEquals("1:line 8\n", frames.get(8));
    }

    @Test
    void tailCountsFromTheEndAcrossFilesAndAfterTheStreamFilter() throws Exception {
        threeFiles();
        assertEquals(List.of("2:line 7\n", "1:line 8\n"), read(tail(2)));
        assertEquals(List.of("1:line 4\n", "2:line 5\n", "1:line 6\n", "2:line 7\n", "1:line 8\n"), read(tail(5)));
        assertEquals(9, read(tail(100)).size(), "more than there is: everything");
        assertEquals(List.of(), read(tail(0)));
        LogQuery stdoutOnly = new LogQuery(true, false, false, false, 3, null, null);
        assertEquals(List.of("1:line 4\n", "1:line 6\n", "1:line 8\n"), read(stdoutOnly));
    }

    @Test
    void tailOfALongLogReadsBlocksBackwards() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            big.append(rec(i % 60, "stdout", "F", "record number " + i));
        }
        append(bundle.resolve("ctr.log"), big.toString());
        assertEquals(List.of("1:record number 49998\n", "1:record number 49999\n"), read(tail(2)));
        List<String> many = read(tail(20_000));
        assertEquals(20_000, many.size());
        assertEquals("1:record number 30000\n", many.get(0));
    }

    @Test
    void sinceAndUntilKeepTheWindowAndTailCountsInsideIt() throws Exception {
        threeFiles();
        Instant since = Instant.parse("2026-12-02T10:00:03Z");
        Instant until = Instant.parse("2026-12-02T10:00:06Z");
        List<String> window = read(new LogQuery(true, true, false, false, -1, since, until));
        assertEquals(List.of("2:line 3\n", "1:line 4\n", "2:line 5\n"), window);
        assertEquals(List.of("2:line 5\n"), read(new LogQuery(true, true, false, false, 1, since, until)));
    }

    @Test
    void timestampsAreDockersUtcFormAndPartialRecordsKeepNoNewline() throws Exception {
        append(bundle.resolve("ctr.log"), rec(1, "stdout", "P", "no newline "), rec(1, "stdout", "F", "then end"),
                "2026-12-02T11:00:00.5+01:00 stderr F odd zone\n", "not a record\n");
        List<String> frames = read(new LogQuery(true, true, false, true, -1, null, null));
        assertEquals(List.of("1:2026-12-02T10:00:01.000000001Z no newline ", "1:2026-12-02T10:00:01.000000001Z then end\n",
                "2:2026-12-02T10:00:00.500000000Z odd zone\n"), frames);
    }

    @Test
    void ttyOutputIsRawAndBatchedIntoFewWrites() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            big.append(rec(1, "stdout", "F", "x" + i));
        }
        append(bundle.resolve("ctr.log"), big.toString());
        RecordingSink sink = new RecordingSink();
        LogStreamer.stream(bundle, all(), true, sink, () -> false);
        String text = sink.bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("x0\nx1\n"), text.substring(0, 20));
        assertTrue(text.endsWith("x19999\n"));
        assertTrue(sink.writes < 10, "batched: " + sink.writes + " writes");
    }

    @Test
    void aClientThatLeavesStopsTheReading() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            big.append(rec(1, "stdout", "F", "record " + i));
        }
        append(bundle.resolve("ctr.log"), big.toString());
        RecordingSink sink = new RecordingSink();
        sink.closeAfter = 2;
        LogStreamer.stream(bundle, all(), false, sink, () -> true);
        assertEquals(2, sink.writes);
    }

    @Test
    void followReadsWhatArrivesAndEndsOnceTheContainerStopsProducing() throws Exception {
        append(bundle.resolve("ctr.log"), rec(1, "stdout", "F", "first"));
        AtomicInteger polls = new AtomicInteger();
        RecordingSink sink = new RecordingSink();
        LogQuery follow = new LogQuery(true, true, true, false, -1, null, null);
        LogStreamer.stream(bundle, follow, false, sink, () -> {
            int n = polls.incrementAndGet();
            if (n == 2) {
                try {
                    append(bundle.resolve("ctr.log"), rec(2, "stdout", "F", "second"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            if (n == 3) {
                try { // written just before it stopped: the last look still reads it
                    append(bundle.resolve("ctr.log"), rec(3, "stderr", "F", "last words"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return false;
            }
            return true;
        });
        assertEquals(List.of("1:first\n", "1:second\n", "2:last words\n"), sink.frames());
    }
}
