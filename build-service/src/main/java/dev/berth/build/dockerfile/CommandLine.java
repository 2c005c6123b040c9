package dev.berth.build.dockerfile;

import java.util.List;

/**
 * The argument of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD: exec form (a JSON array, run as is) or shell form (text
 * handed to the stage's SHELL), with any here-documents of a RUN.
 */
public record CommandLine(List<String> exec, String shell, List<Heredoc> heredocs) {

    public CommandLine {
        exec = exec == null ? null : List.copyOf(exec);
        heredocs = List.copyOf(heredocs);
    }

    public static CommandLine execForm(List<String> args) {
        return new CommandLine(args, null, List.of());
    }

    public static CommandLine shellForm(String text, List<Heredoc> heredocs) {
        return new CommandLine(null, text, heredocs);
    }

    public boolean isShellForm() {
        return shell != null;
    }

    /** The process arguments: exec form as written, shell form wrapped in the given shell. */
    public List<String> argv(List<String> shellPrefix) {
        if (!isShellForm()) {
            return exec;
        }
        List<String> argv = new java.util.ArrayList<>(shellPrefix);
        argv.add(shell);
        return argv;
    }
}
