package dev.berth.runtime.spec;

import java.util.List;

/** Config's process settings: who runs where, with which environment, on a terminal or not. */
public record ProcessSpec(String hostname, String domainname, String user, List<String> env, String workingDir,
        boolean tty, boolean openStdin, boolean stdinOnce) {
}
