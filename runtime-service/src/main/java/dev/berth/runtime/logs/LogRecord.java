package dev.berth.runtime.logs;

/**
 * One record of conmon's k8s-file log ({@code <RFC3339Nano> <stdout|stderr> <F|P> <content>}), located in place in a
 * byte array: no copy and no string per record, so a log is read at disk speed. Reused from record to record.
 */
final class LogRecord {
    byte[] bytes;
    int timeFrom;
    int timeTo;
    /** 1 stdout, 2 stderr. */
    int stream;
    /** A {@code P} record: the container wrote no newline here. */
    boolean partial;
    int contentFrom;
    int contentTo;

    /** Locates the record in {@code b[from, to)} (without its newline); false if it is not a log record. */
    boolean parse(byte[] b, int from, int to) {
        int a = indexOf(b, from, to, (byte) ' ');
        if (a < 0) {
            return false;
        }
        int s = a + 1;
        if (startsWith(b, s, to, "stdout ")) {
            stream = 1;
        } else if (startsWith(b, s, to, "stderr ")) {
            stream = 2;
        } else {
            return false;
        }
        int tag = s + 7;
        if (tag >= to) {
            return false;
        }
        int c = indexOf(b, tag, to, (byte) ' ');
        bytes = b;
        timeFrom = from;
        timeTo = a;
        partial = b[tag] == 'P';
        contentFrom = c < 0 ? to : c + 1;
        contentTo = to;
        return true;
    }

    /** The record's time in nanoseconds since the epoch, or {@link LogTimestamps#UNREADABLE}. */
    long epochNanos() {
        return LogTimestamps.epochNanos(bytes, timeFrom, timeTo);
    }

    /** The bytes the container wrote: the content, and its newline back unless the record is partial. */
    int textLength() {
        return contentTo - contentFrom + (partial ? 0 : 1);
    }

    static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int at, int to, String ascii) {
        if (to - at < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
