package dev.berth.runtime.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Reads a container's log across its rotated files ({@code ctr.log.<n>} … {@code ctr.log.1}, {@code ctr.log}),
 * oldest first. Rotated files are followed by inode (they are renamed as newer ones arrive); on {@code ctr.log}, a
 * new {@code ctr.log.1} means {@link LogRotator} copied and truncated it: the part of it this reader had not read yet
 * is at the same offsets in the new {@code ctr.log.1}, so it is read from there and reading goes on at the start of
 * {@code ctr.log}. Nothing is read twice or skipped ({@link #LOCK} makes a rotation one step for readers).
 */
public final class RotatedLog {
    /** Rotation holds the write side; every read the read side. */
    static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();

    private RotatedLog() {
    }

    /** A reading position. Not thread-safe. */
    public static final class Cursor {
        private final Path bundle;
        /** While reading rotated files: the one being read. Null once on ctr.log. */
        private Object rotatedFile;
        private boolean onCurrent;
        private boolean started;
        /** On ctr.log: the ctr.log.1 there was when we last looked. */
        private Object newestRotated;
        private long offset;

        public Cursor(Path bundle) {
            this.bundle = bundle;
        }

        /** Up to {@code max} more bytes; empty at the end of ctr.log. */
        public byte[] readMore(int max) throws IOException {
            LOCK.readLock().lock();
            try {
                return readLocked(max);
            } finally {
                LOCK.readLock().unlock();
            }
        }

        private byte[] readLocked(int max) throws IOException {
            Path current = bundle.resolve("ctr.log");
            if (!started) {
                started = true;
                List<Path> rotated = rotated(bundle);
                if (!rotated.isEmpty()) {
                    rotatedFile = key(rotated.get(0));
                } else {
                    enterCurrent();
                }
            }
            for (int guard = 0; guard < 200 && !onCurrent; guard++) {
                List<Path> rotated = rotated(bundle);
                int index = indexOf(rotated, rotatedFile);
                if (index < 0) {
                    // rotated out and deleted meanwhile: go on with what is left
                    if (rotated.isEmpty()) {
                        enterCurrent();
                        break;
                    }
                    rotatedFile = key(rotated.get(0));
                    offset = 0;
                    continue;
                }
                byte[] chunk = read(rotated.get(index), max, false);
                if (chunk.length > 0) {
                    return chunk;
                }
                if (index == rotated.size() - 1) {
                    enterCurrent();
                } else {
                    rotatedFile = key(rotated.get(index + 1));
                    offset = 0;
                }
            }
            Object latest = key(bundle.resolve("ctr.log.1"));
            if (latest != null && !latest.equals(newestRotated)) {
                // copied and truncated since we last looked: the rest of what we were reading is in ctr.log.1
                newestRotated = latest;
                byte[] rest = read(bundle.resolve("ctr.log.1"), Integer.MAX_VALUE - 16, false);
                offset = 0;
                if (rest.length > 0) {
                    return rest;
                }
            }
            return read(current, max, true);
        }

        /**
         * Starts reading at {@code offset} of {@code file} ({@code ctr.log} or one of its rotated files); the caller
         * holds {@link #LOCK}'s read side, so no rotation moves the file meanwhile.
         */
        void startAt(Path file, long offset) {
            started = true;
            if (file.getFileName().toString().equals("ctr.log")) {
                enterCurrent();
            } else {
                onCurrent = false;
                rotatedFile = key(file);
            }
            this.offset = offset;
        }

        private void enterCurrent() {
            onCurrent = true;
            rotatedFile = null;
            offset = 0;
            newestRotated = key(bundle.resolve("ctr.log.1"));
        }

        private byte[] read(Path file, int max, boolean truncatable) throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long length = f.length();
                if (length < offset) {
                    offset = truncatable ? 0 : length; // truncated (conmon's own limit, or max-file=1)
                }
                if (length <= offset) {
                    return new byte[0];
                }
                byte[] chunk = new byte[(int) Math.min(length - offset, max)];
                f.seek(offset);
                f.readFully(chunk);
                offset += chunk.length;
                return chunk;
            } catch (java.io.FileNotFoundException e) {
                return new byte[0];
            }
        }

        private static int indexOf(List<Path> files, Object key) {
            if (key == null) {
                return -1;
            }
            for (int i = 0; i < files.size(); i++) {
                if (key.equals(key(files.get(i)))) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The rotated files, oldest first. */
    static List<Path> rotated(Path bundle) {
        TreeMap<Integer, Path> byIndex = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(bundle, "ctr.log.*")) {
            for (Path p : ds) {
                String suffix = p.getFileName().toString().substring("ctr.log.".length());
                if (suffix.matches("[0-9]{1,4}")) {
                    byIndex.put(Integer.parseInt(suffix), p);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return new ArrayList<>(byIndex.descendingMap().values());
    }

    /** Every log file, oldest first (for sizes). */
    public static List<Path> files(Path bundle) {
        List<Path> out = rotated(bundle);
        Path current = bundle.resolve("ctr.log");
        if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
            out.add(current);
        }
        return out;
    }

    static Object key(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
