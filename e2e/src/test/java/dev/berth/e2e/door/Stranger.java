package dev.berth.e2e.door;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The stranger who tries the doors: {@code nobody}, created (and removed afterwards) when the machine has none. */
public final class Stranger {
    public static final String NAME = "nobody";
    private static boolean created;

    private Stranger() {
    }

    /** The stranger's uid; the user is created when the machine has none. */
    public static String uid() throws IOException, InterruptedException {
        String uid = run(List.of("id", "-u", NAME)).trim();
        if (!uid.matches("\\d+")) {
            run(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
                    "/usr/sbin/nologin", NAME));
            created = true;
            uid = run(List.of("id", "-u", NAME)).trim();
        }
        assertTrue(uid.matches("\\d+") && !uid.equals("0"), "no unprivileged user " + NAME + ": " + uid);
        return uid;
    }

    /** What {@code id} says of the stranger. */
    public static String id() throws IOException, InterruptedException {
        return run(List.of("id", NAME)).trim();
    }

    /** Removes the user if {@link #uid} created it. */
    public static void removeIfCreated() throws IOException, InterruptedException {
        if (created) {
            run(List.of("userdel", NAME));
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
