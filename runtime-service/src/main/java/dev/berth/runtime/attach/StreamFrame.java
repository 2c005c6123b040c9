package dev.berth.runtime.attach;

/** Docker's multiplexed stream frame: stream byte (1 stdout, 2 stderr), three zero bytes, big-endian length, payload. */
public final class StreamFrame {
    private StreamFrame() {
    }

    /** The first {@code len} bytes of {@code bytes} as one frame of {@code stream}. */
    public static byte[] of(int stream, byte[] bytes, int len) {
        byte[] framed = new byte[8 + len];
        framed[0] = (byte) stream;
        framed[4] = (byte) (len >>> 24);
        framed[5] = (byte) (len >>> 16);
        framed[6] = (byte) (len >>> 8);
        framed[7] = (byte) len;
        System.arraycopy(bytes, 0, framed, 8, len);
        return framed;
    }
}
