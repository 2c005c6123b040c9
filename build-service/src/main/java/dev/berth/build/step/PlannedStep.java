package dev.berth.build.step;

import java.util.List;

/**
 * What one instruction asks the builder to do, worked out from the stage state before any I/O: change metadata
 * only, run a command in a container, or copy files in. {@code settings} is the image configuration after the
 * step; {@code createdBy} the history line as the legacy builder writes it (for COPY/ADD completed once the
 * content hash is known).
 */
public sealed interface PlannedStep {
    ImageSettings settings();

    /** Metadata only; {@code directory} is set for WORKDIR, which also makes sure the directory exists. */
    record Metadata(ImageSettings settings, String createdBy, String directory) implements PlannedStep {
    }

    /**
     * RUN: argv in a container with this env (image env + args in scope), user and working directory, with the
     * {@code --mount}s given; {@code script} is a {@code #!} here-document the argv runs from {@value #SCRIPTS}
     * (null for any other RUN).
     */
    record Run(ImageSettings settings, String createdBy, List<String> argv, List<String> env,
            java.util.Map<String, String> args, String user, String workingDir, List<RunMount> mounts,
            String network, dev.berth.build.dockerfile.Heredoc script)
            implements PlannedStep {
        /** Where a here-document script is mounted (BuildKit's place). */
        public static final String SCRIPTS = "/dev/pipes";
    }

    /**
     * COPY/ADD: sources (expanded, relative to the context or to {@code from}), an absolute destination (a trailing
     * slash kept: "into this directory"), ownership and mode as given.
     */
    record Copy(ImageSettings settings, boolean add, List<String> sources, String destination, String from,
            String chown, String chmod, List<dev.berth.build.dockerfile.Heredoc> heredocSources, String user)
            implements PlannedStep {

        /** The legacy history line once the sources' content digest is known: {@code COPY file:<hex> in /dest }. */
        public String createdBy(List<String> shell, String contentDigest) {
            String chownPart = chown == null ? "" : "--chown=" + chown + " ";
            return String.join(" ", shell) + " #(nop) " + (add ? "ADD " : "COPY ") + chownPart + contentDigest
                    + " in " + destination + " ";
        }
    }
}
