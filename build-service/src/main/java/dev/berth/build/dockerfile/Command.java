package dev.berth.build.dockerfile;

import java.time.Duration;
import java.util.List;

/**
 * The Dockerfile's instructions, interpreted: one record per instruction with its arguments as written (variables
 * are expanded later, by the stage that runs it, because their values depend on ENV and ARG in scope there).
 */
public sealed interface Command {

    /** The line this command came from. */
    Instruction source();

    record From(Instruction source, String image, String stageName, String platform) implements Command {
    }

    record Run(Instruction source, CommandLine command, List<String> mounts, String network, String security)
            implements Command {
    }

    record Cmd(Instruction source, CommandLine command) implements Command {
    }

    record Entrypoint(Instruction source, CommandLine command) implements Command {
    }

    record Env(Instruction source, List<KeyValue> pairs) implements Command {
    }

    record Label(Instruction source, List<KeyValue> pairs) implements Command {
    }

    record Arg(Instruction source, List<ArgDeclaration> declarations) implements Command {
    }

    record Expose(Instruction source, List<String> ports) implements Command {
    }

    record Volume(Instruction source, List<String> paths) implements Command {
    }

    record User(Instruction source, String user) implements Command {
    }

    record Workdir(Instruction source, String path) implements Command {
    }

    record StopSignal(Instruction source, String signal) implements Command {
    }

    record Maintainer(Instruction source, String author) implements Command {
    }

    record Shell(Instruction source, List<String> shell) implements Command {
    }

    /** ONBUILD: the trigger's text is stored in the image config and run by the build that uses it as a base. */
    record OnBuild(Instruction source, String trigger) implements Command {
    }

    /** HEALTHCHECK: test {@code ["NONE"]}, {@code ["CMD", ...]} or {@code ["CMD-SHELL", text]}; null durations = default. */
    record Healthcheck(Instruction source, List<String> test, Duration interval, Duration timeout,
            Duration startPeriod, Duration startInterval, Integer retries) implements Command {
    }

    /**
     * COPY or ADD: sources relative to the context (or to {@code from}, a stage or an image), a destination, and
     * here-document sources named {@code <<NAME}.
     */
    record Copy(Instruction source, boolean add, List<String> sources, String destination, String from, String chown,
            String chmod, boolean link, boolean parents, List<String> excludes, String checksum, boolean keepGitDir,
            List<Heredoc> heredocs) implements Command {
    }
}
