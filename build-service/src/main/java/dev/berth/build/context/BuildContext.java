package dev.berth.build.context;

import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.run.BuildOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A build's context made ready: the uploaded tar unpacked into a directory, the Dockerfile read and planned, and
 * the Dockerfile and {@code .dockerignore} dropped when the {@code .dockerignore} excludes them. The API side does
 * it to refuse bad requests before answering 200; the worker does it again from the stored tar.
 */
public final class BuildContext {
    private BuildContext() {
    }

    public static BuildPlan prepare(Path tar, Path context, BuildOptions options, long maxContextBytes)
            throws IOException {
        Files.createDirectories(context);
        try (InputStream in = Files.newInputStream(tar)) {
            new ContextExtractor(maxContextBytes).extract(in, context);
        }
        BuildPlan plan = BuildPlan.parse(DockerfileLocator.read(context, options.dockerfile()));
        plan.target(options.target());
        dropIgnoredBuildFiles(context, options.dockerfile().isEmpty() ? "Dockerfile" : options.dockerfile());
        return plan;
    }

    /**
     * As dockerd: the Dockerfile and the {@code .dockerignore} leave the context when the {@code .dockerignore}
     * excludes them (the clients send them anyway); nothing else is filtered here, the clients did that.
     */
    private static void dropIgnoredBuildFiles(Path context, String dockerfile) throws IOException {
        Path ignoreFile = context.resolve(".dockerignore");
        if (!Files.isRegularFile(ignoreFile, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        DockerIgnore ignore = DockerIgnore.parse(Files.readString(ignoreFile));
        String name = ContextPaths.clean(dockerfile);
        if (ignore.excludes(name)) {
            Files.deleteIfExists(context.resolve(name));
        }
        if (ignore.excludes(".dockerignore")) {
            Files.deleteIfExists(ignoreFile);
        }
    }
}
