package dev.berth.runtime.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds where the last {@code n} selected records of a log start by reading its files backwards from the end, newest
 * file first, so {@code docker logs --tail 10} of a 1 GB log reads a few kilobytes. The cursor it returns reads on
 * from there (and on into what is written later, for a follow).
 */
final class LogTail {
    private static final int BLOCK = 64 * 1024;

    private LogTail() {
    }

    static RotatedLog.Cursor position(Path bundle, int n, Predicate<LogRecord> selects) throws IOException {
        RotatedLog.Cursor cursor = new RotatedLog.Cursor(bundle);
        RotatedLog.LOCK.readLock().lock();
        try {
            List<Path> newestFirst = new ArrayList<>(RotatedLog.rotated(bundle));
            java.util.Collections.reverse(newestFirst);
            Path current = bundle.resolve("ctr.log");
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                newestFirst.add(0, current);
            }
            int left = n;
            for (Path file : newestFirst) {
                if (left == 0) {
                    cursor.startAt(file, Files.size(file));
                    return cursor;
                }
                Scan scan = new Scan(file, selects);
                long start = scan.startOfLast(left);
                if (start >= 0) {
                    cursor.startAt(file, start);
                    return cursor;
                }
                left -= scan.counted;
            }
            return cursor; // fewer than n records in all: from the start of the oldest file
        } finally {
            RotatedLog.LOCK.readLock().unlock();
        }
    }

    /** Reads one file backwards, a block at a time, record by record. */
    private static final class Scan {
        private final Path file;
        private final Predicate<LogRecord> selects;
        private final LogRecord record = new LogRecord();
        private byte[] buf = new byte[0];
        /** The file offset of buf[0]. */
        private long bufStart;
        int counted;

        Scan(Path file, Predicate<LogRecord> selects) {
            this.file = file;
            this.selects = selects;
        }

        /** The offset where the last {@code n} selected records start, or -1 (then {@link #counted} says how many). */
        long startOfLast(int n) throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long length = f.length();
                bufStart = length;
                // an unterminated last line is being written: it is not a record yet
                long end = previousNewline(f, length);
                while (end >= 0) {
                    long previous = previousNewline(f, end);
                    int from = (int) (previous + 1 - bufStart);
                    if (record.parse(buf, from, (int) (end - bufStart)) && selects.test(record) && ++counted == n) {
                        return previous + 1;
                    }
                    end = previous;
                }
                return -1;
            } catch (java.io.FileNotFoundException e) {
                return -1;
            }
        }

        /** The offset of the last newline before {@code before}, reading further back as needed; -1 if none. */
        private long previousNewline(RandomAccessFile f, long before) throws IOException {
            long searchFrom = before - 1;
            while (true) {
                for (long i = searchFrom; i >= bufStart; i--) {
                    if (buf[(int) (i - bufStart)] == '\n') {
                        return i;
                    }
                }
                if (bufStart == 0) {
                    return -1;
                }
                searchFrom = Math.min(searchFrom, bufStart - 1);
                extendBack(f, before);
            }
        }

        /** Reads the block before the buffer, keeping of the buffer only up to {@code keepUntil} (inclusive). */
        private void extendBack(RandomAccessFile f, long keepUntil) throws IOException {
            long newStart = Math.max(0, bufStart - BLOCK);
            int kept = (int) Math.min(buf.length, keepUntil + 1 - bufStart);
            byte[] grown = new byte[(int) (bufStart - newStart) + Math.max(kept, 0)];
            f.seek(newStart);
            f.readFully(grown, 0, (int) (bufStart - newStart));
            if (kept > 0) {
                System.arraycopy(buf, 0, grown, (int) (bufStart - newStart), kept);
            }
            buf = grown;
            bufStart = newStart;
        }
    }
}
