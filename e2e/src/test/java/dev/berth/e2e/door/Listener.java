package dev.berth.e2e.door;

/**
 * A listening socket of one of berth's processes: who owns it, where it is bound and how to reach it, and why it is
 * not tried ({@code notProbed}, null when it is).
 */
public record Listener(String owner, long pid, String proto, String bound, String target, int port, String type,
        String notProbed) {
    /** A unix socket whose path could not be found, so nobody tried it. */
    static final String UNRESOLVED = "path unresolved";

    public boolean tcp() {
        return proto.equals("tcp");
    }

    public boolean abstractUnix() {
        return proto.equals("unix") && bound.startsWith("@");
    }

    public String show() {
        return String.format("%-16s pid %-7d %-4s %-44s%s%s", owner, pid, proto, bound,
                tcp() ? "" : " (" + type + ")", notProbed == null ? "" : " [not probed: " + notProbed + "]");
    }

    public boolean probed() {
        return notProbed == null;
    }

    public boolean unresolved() {
        return String.valueOf(notProbed).startsWith(UNRESOLVED);
    }
}
