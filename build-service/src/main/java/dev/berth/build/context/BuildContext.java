package dev.berth.build.context;

import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.run.BuildOptions;
import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A build's context made ready: the uploaded tar unpacked into a directory, the Dockerfile read and planned, and
 * the Dockerfile and {@code .dockerignore} dropped when the {@code .dockerignore} excludes them (the worker, from the
 * stored tar). The API side only {@link #check checks} the upload, to refuse bad requests before answering 200.
 */
public final class BuildContext {
    private BuildContext() {
    }

    /**
     * Refuses what the worker would refuse before its first step (not a tar, too large, no Dockerfile, a Dockerfile
     * that does not parse or lacks the target) reading the tar once without unpacking it; unpacks into
     * {@code scratch} only when links make the scan's answer uncertain. The tar's digest ({@code sha256:<hex>}).
     */
    public static String check(Path tar, Path scratch, BuildOptions options, long maxContextBytes)
            throws IOException {
        return check(ContextScan.of(tar, wanted(options), maxContextBytes), tar, scratch, options, maxContextBytes);
    }

    /** The context files {@link #check} needs a scan to keep: the Dockerfile under the names it may have. */
    public static Set<String> wanted(BuildOptions options) {
        String name = DockerfileLocator.name(options.dockerfile());
        return options.dockerfile().isEmpty() ? Set.of(name, "dockerfile") : Set.of(name);
    }

    /** {@link #check(Path, Path, BuildOptions, long)} with the tar scanned already (as it was uploaded). */
    public static String check(ContextScan scan, Path tar, Path scratch, BuildOptions options, long maxContextBytes)
            throws IOException {
        String name = DockerfileLocator.name(options.dockerfile());
        boolean defaulted = options.dockerfile().isEmpty();
        String found = defaulted && !scan.present(name) ? "dockerfile" : name;
        byte[] dockerfile = scan.file(found);
        if (scan.plain() && !scan.throughSymlink(found) && (dockerfile != null || !scan.present(found))) {
            if (dockerfile == null) {
                throw BerthException.invalid("Cannot locate specified Dockerfile: " + name);
            }
            BuildPlan.parse(DockerfileLocator.text(name, dockerfile)).target(options.target());
        } else {
            prepare(tar, scratch, options, maxContextBytes);
        }
        return scan.digest();
    }

    public static BuildPlan prepare(Path tar, Path context, BuildOptions options, long maxContextBytes)
            throws IOException {
        Files.createDirectories(context);
        try (InputStream in = Files.newInputStream(tar)) {
            new ContextExtractor(maxContextBytes).extract(in, context);
        }
        return plan(context, options);
    }

    /**
     * The build plan of a context the worker unpacked with placeholders ({@link LazyContext}), its ignored build
     * files dropped as {@link #prepare} does (the Dockerfile and the {@code .dockerignore} filled first if large).
     */
    public static BuildPlan plan(Path context, BuildOptions options, LazyContext lazy) throws IOException {
        List<Path> buildFiles = new ArrayList<>();
        for (String name : List.of(DockerfileLocator.name(options.dockerfile()), "dockerfile", ".dockerignore")) {
            Path file = context.resolve(name);
            if (Files.exists(file)) {
                buildFiles.add(file.toRealPath());
            }
        }
        lazy.fill(buildFiles);
        return plan(context, options);
    }

    private static BuildPlan plan(Path context, BuildOptions options) throws IOException {
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
