package dev.berth.runtime.spec;

import java.util.List;

/**
 * An exec-create body (moby's ExecCreateRequest): "" for a user or working directory not asked for (the
 * container's then), {@code detachKeys} as given in {@code ctrl-p,ctrl-q} notation.
 */
public record ExecRequest(List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
        boolean attachStdin, boolean attachStdout, boolean attachStderr, boolean privileged, String detachKeys) {
}
