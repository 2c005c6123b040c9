package dev.berth.build.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.build.context.ContextPaths;
import dev.berth.build.context.CopySelection;
import dev.berth.build.context.FileDigests;

import dev.berth.build.step.PlannedStep;
import dev.berth.build.step.RunMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The host side of {@code RUN --mount}: what each mount adds to the step's cache key, and the HostConfig.Mounts of
 * the step container. A bind mount takes the build context (the default) or a stage's or image's files
 * ({@code from}), read-only unless {@code rw}, and then the step writes into a throw-away copy (BuildKit discards
 * those writes too); a cache mount is a {@link CacheMounts} directory; tmpfs is the runtime's tmpfs. The legacy
 * {@code /build} API has no session to bring secrets or an SSH agent, so those mounts are left out, as BuildKit
 * leaves out an absent optional secret, and a {@code required} one fails the step. A {@code #!} here-document
 * RUN's script is mounted read-only as BuildKit mounts it.
 */
final class RunMounts {
    private final CopySources stages;
    private final Path context;
    private final FileDigests digests;
    private final Path scratch;
    private final Function<String, String> imageOf;
    private final CacheMounts caches;

    /** @param stages copies a stage's or image's files out ({@code from=}) */
    RunMounts(CopySources stages, Path context, FileDigests digests, Path scratch,
            Function<String, String> imageOf, CacheMounts caches) {
        this.stages = stages;
        this.context = context;
        this.digests = digests;
        this.scratch = scratch;
        this.imageOf = imageOf;
        this.caches = caches;
    }

    /**
     * What the mounts add to the step's cache key: each mount's options ({@code mount:<target>}), and for a bind
     * mount what it shows ({@code mount-content:<target>}): the context files' content as COPY keys it, or the
     * image the files come from. A cache mount's content and a secret's value are never part of it.
     */
    void addKeys(List<RunMount> mounts, java.util.Map<String, String> components) throws IOException {
        for (RunMount mount : mounts) {
            String name = mount.target() == null ? mount.type().name().toLowerCase() + ":" + mount.id()
                    : mount.target();
            components.put("mount:" + name, mount.keyText());
            if (mount.type() == RunMount.Type.BIND && mount.from() != null) {
                components.put("mount-content:" + name, imageOf.apply(mount.from()));
            } else if (mount.type() == RunMount.Type.BIND) {
                contextSource(mount);
                components.put("mount-content:" + name,
                        CopySelection.of(context, List.of(mount.source()), "/", true, digests)
                                .contentDigest());
            }
        }
    }

    /** A RUN's mounts made ready on this machine: close it after the step, whatever happened. */
    static final class Prepared implements AutoCloseable {
        final ArrayNode json = ImageConfigJson.JSON.createArrayNode();
        final List<String> targets = new ArrayList<>();
        private final List<AutoCloseable> cleanups = new ArrayList<>();

        @Override
        public void close() throws IOException {
            Exception first = null;
            for (int i = cleanups.size() - 1; i >= 0; i--) {
                AutoCloseable cleanup = cleanups.get(i);
                try {
                    cleanup.close();
                } catch (Exception e) {
                    first = first == null ? e : first;
                }
            }
            if (first instanceof IOException io) {
                throw io;
            }
            if (first != null) {
                throw new IOException(first);
            }
        }

        private void add(String type, Path source, String target, boolean readOnly) {
            ObjectNode mount = json.addObject();
            mount.put("Type", type);
            if (source != null) {
                mount.put("Source", source.toString());
            }
            mount.put("Target", target);
            mount.put("ReadOnly", readOnly);
            targets.add(target);
        }
    }

    Prepared prepare(PlannedStep.Run run) throws IOException {
        Prepared prepared = new Prepared();
        try {
            if (run.script() != null) {
                Path dir = temporary(prepared, "mount-script-");
                Path file = Files.writeString(dir.resolve(run.script().name()), run.script().content());
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString(
                        "rwxr-xr-x"));
                prepared.add("bind", dir, PlannedStep.Run.SCRIPTS, true);
            }
            for (RunMount mount : run.mounts()) {
                switch (mount.type()) {
                    case BIND -> bind(mount, prepared);
                    case CACHE -> cache(mount, prepared);
                    case TMPFS -> {
                        prepared.add("tmpfs", null, mount.target(), false);
                        if (mount.sizeBytes() > 0) {
                            prepared.json.get(prepared.json.size() - 1).withObject("/TmpfsOptions")
                                    .put("SizeBytes", mount.sizeBytes());
                        }
                    }
                    case SECRET -> {
                        if (mount.required()) {
                            throw new BuildFailure("secret " + mount.id() + ": not found (the /build API of the"
                                    + " legacy builder has no way to pass secrets; the mount is required)", 1);
                        }
                    }
                    case SSH -> {
                        if (mount.required()) {
                            throw new BuildFailure("no SSH key \"" + mount.id() + "\" forwarded from the client"
                                    + " (the /build API of the legacy builder cannot forward an SSH agent)", 1);
                        }
                    }
                }
            }
            return prepared;
        } catch (IOException | RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    private void cache(RunMount mount, Prepared prepared) throws IOException {
        if (mount.from() != null) {
            throw new BuildFailure("RUN --mount=type=cache,from=" + mount.from() + ": a cache seeded from a stage"
                    + " or image is not supported by berth; drop from= (the cache starts empty)", 1);
        }
        CacheMounts.Use use = caches.acquire(mount);
        prepared.cleanups.add(use.release());
        Path dir = use.directory();
        String sub = ContextPaths.clean(mount.source());
        if (!sub.isEmpty()) {
            dir = Files.createDirectories(dir.resolve(sub));
        }
        prepared.add("bind", dir, mount.target(), mount.readOnly());
    }

    private void bind(RunMount mount, Prepared prepared) throws IOException {
        Path source = mount.from() == null ? contextSource(mount) : stageSource(mount, prepared);
        if (mount.from() == null) {
            digests.fillAll(); // the step reads the context's files: their bytes, not placeholders
        }
        if (!mount.readOnly() && mount.from() == null) {
            Path copy = temporary(prepared, "mount-rw-");
            Path target = copy.resolve("source");
            copyTree(source, target);
            source = target;
        }
        prepared.add("bind", source, mount.target(), mount.readOnly());
    }

    /** The context path a bind mount shows, refused when it (or a link in it) leads out of the context. */
    private Path contextSource(RunMount mount) throws IOException {
        String clean;
        try {
            clean = ContextPaths.clean(mount.source());
        } catch (RuntimeException e) {
            throw new BuildFailure("RUN --mount=type=bind: source " + mount.source()
                    + " leaves the build context", 1);
        }
        Path root = context.toRealPath();
        Path path = root.resolve(clean);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new BuildFailure("RUN --mount=type=bind: source \"/" + clean + "\" not found in the build"
                    + " context", 1);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new BuildFailure("RUN --mount=type=bind: source \"/" + clean + "\" is a link to nothing", 1);
        }
        if (!real.startsWith(root)) {
            throw new BuildFailure("RUN --mount=type=bind: source \"/" + clean + "\" leaves the build context", 1);
        }
        return real;
    }

    /** A stage's or image's files, copied out for the step (as COPY --from reads them), removed after it. */
    private Path stageSource(RunMount mount, Prepared prepared) throws IOException {
        Path copy = stages.copyOut(mount.from(), ContextPaths.clean(mount.source()));
        Path root = copy.getFileName().toString().startsWith("mount-from-") ? copy : copy.getParent();
        prepared.cleanups.add(() -> deleteTree(root));
        return copy;
    }

    private Path temporary(Prepared prepared, String prefix) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve(prefix + UUID.randomUUID()));
        prepared.cleanups.add(() -> deleteTree(dir));
        return dir;
    }

    /** Removes a temporary copy made for one step (a bind mount's). */
    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file,
                    java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path directory, IOException e)
                    throws IOException {
                Files.delete(directory);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }

    /** Copies a file or a tree as it is: modes, owners and links kept, links not followed. */
    private static void copyTree(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            return;
        }
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path from : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(source.relativize(from).toString());
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }
}
