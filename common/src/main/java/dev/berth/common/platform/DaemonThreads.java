package dev.berth.common.platform;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep the JVM alive at shutdown, named for what they do (as thread dumps show them). */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** A factory of daemon threads all called {@code name}. */
    public static ThreadFactory named(String name) {
        return work -> {
            Thread t = new Thread(work, name);
            t.setDaemon(true);
            return t;
        };
    }
}
