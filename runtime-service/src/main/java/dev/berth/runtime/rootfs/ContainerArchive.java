package dev.berth.runtime.rootfs;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.runtime.node.UserResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;

/**
 * docker cp (the archive API), docker export, docker diff and the layer of docker commit, on top of
 * {@link ContainerRootfs} (mounted when needed, frozen while read or written). Blocking.
 */
@ApplicationScoped
public class ContainerArchive {
    @Inject
    ContainerRootfs rootfs;

    /** The container as this class needs it. */
    public record Target(String id, String ref, List<String> layers, String user, boolean readOnlyRootfs,
            List<MountedPaths.Mount> mounts) {
        public Target(String id, String ref, List<String> layers, String user, boolean readOnlyRootfs) {
            this(id, ref, layers, user, readOnlyRootfs, List.of());
        }
    }

    public PathStat stat(Target t, String path) {
        return rootfs.with(t.id(), t.layers(), true, true, access -> {
            MountedPaths.Location at = MountedPaths.locate(access.root(), t.mounts(), path, false);
            return statIn(at, t, path);
        });
    }

    /** Streams a tar of {@code path}; {@code beforeBody} gets the stat first (headers). */
    public void get(Target t, String path, Consumer<PathStat> beforeBody, OutputStream out) {
        rootfs.with(t.id(), t.layers(), true, true, access -> {
            MountedPaths.Location at = MountedPaths.locate(access.root(), t.mounts(), path, false);
            PathStat stat = statIn(at, t, path);
            RootPath.Resolved r = at.root().resolve(at.path(), false);
            beforeBody.accept(stat);
            try (TreeTar tar = new TreeTar(out)) {
                tar.addTree(r.host(), stat.name(), null);
                tar.finish();
            }
            return null;
        });
    }

    /** Extracts the (already spooled) archive into the directory {@code path}. */
    public void put(Target t, String path, Path archive, boolean noOverwriteDirNonDir, boolean copyUidGid) {
        try {
            ArchiveExtractor.validate(archive);
        } catch (ArchiveExtractor.BadArchiveException e) {
            throw BerthException.invalid(e.getMessage());
        } catch (IOException e) {
            throw BerthException.invalid("invalid tar archive: " + e.getMessage());
        }
        rootfs.with(t.id(), t.layers(), true, true, access -> {
            MountedPaths.Location at = MountedPaths.locate(access.root(), t.mounts(), path, true);
            if (at.mount() == null ? t.readOnlyRootfs() : at.mount().readOnly()) {
                throw new BerthException(ErrorKind.FORBIDDEN, at.mount() == null
                        ? "container rootfs is marked read-only" : "mounted volume is marked read-only");
            }
            RootPath.Resolved dir = at.root().resolve(at.path(), true);
            BasicFileAttributes a = RootPath.lstat(dir.host());
            if (a == null) {
                throw notFound(t, path);
            }
            if (!a.isDirectory()) {
                throw BerthException.invalid("extraction point is not a directory");
            }
            long[] owner = null;
            if (copyUidGid && t.user() != null && !t.user().isEmpty()) {
                UserResolver.User u = UserResolver.resolve(access.merged(), t.user());
                owner = new long[] {u.uid(), u.gid()};
            }
            try {
                new ArchiveExtractor(at.root(), noOverwriteDirNonDir, owner, rootfs::mkfifo)
                        .extract(archive, dir.inContainer());
            } catch (ArchiveExtractor.BadArchiveException e) {
                throw BerthException.invalid(e.getMessage());
            }
            return null;
        });
    }

    /**
     * Dockerfile {@code WORKDIR}'s mkdir, as dockerd's: each missing directory of {@code path} (symlinks followed
     * inside the root) is made root-owned with mode 0755; directories already there are left as they are; a part
     * that exists and is not a directory is a 400 "mkdir {path}: not a directory".
     */
    public void mkdirs(Target t, String path) {
        rootfs.with(t.id(), t.layers(), false, true, access -> {
            RootPath.Resolved r = access.root().resolve(path, true);
            Path dir = access.merged();
            for (String part : RootPath.split(r.inContainer())) {
                dir = dir.resolve(part);
                BasicFileAttributes a = RootPath.lstat(dir);
                if (a == null) {
                    Files.createDirectory(dir);
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else if (!a.isDirectory()) {
                    throw BerthException.invalid("mkdir " + path + ": not a directory");
                }
            }
            return null;
        });
    }

    /** docker export: the merged root filesystem. */
    public void export(Target t, OutputStream out) {
        rootfs.with(t.id(), t.layers(), true, true, access -> {
            try (TreeTar tar = new TreeTar(out)) {
                tar.addTree(access.merged(), "", null);
                tar.finish();
            }
            return null;
        });
    }

    /** docker diff. */
    public List<OverlayUpper.Change> changes(Target t) {
        return rootfs.with(t.id(), t.layers(), true, false, access ->
                new OverlayUpper(access.upper(), access.lowers(), rootfs.opaqueDirs(access.upper())).changes());
    }

    /** docker commit's layer: the upper dir as an OCI layer tar (uncompressed). */
    public void commitLayer(Target t, boolean freeze, OutputStream out) {
        rootfs.with(t.id(), t.layers(), freeze, false, access -> {
            try (TreeTar tar = new TreeTar(out)) {
                new OverlayUpper(access.upper(), access.lowers(), rootfs.opaqueDirs(access.upper())).writeLayer(tar);
                tar.finish();
            }
            return null;
        });
    }

    /** {@code requested} as the client gave it (messages, the entry name). */
    private static PathStat statIn(MountedPaths.Location at, Target t, String requested) throws IOException {
        RootPath root = at.root();
        RootPath.Resolved r = root.resolve(at.path(), false);
        BasicFileAttributes a = RootPath.lstat(r.host());
        if (a == null) {
            throw notFound(t, requested);
        }
        String linkTarget = "";
        if (a.isSymbolicLink()) {
            String inRoot = root.resolve(at.path(), true).inContainer();
            String prefix = at.mount() == null ? "" : MountedPaths.clean(at.mount().destination());
            linkTarget = prefix.equals("/") || prefix.isEmpty() ? inRoot : inRoot.equals("/") ? prefix : prefix + inRoot;
        }
        return PathStat.of(r.host(), baseName(requested), linkTarget);
    }

    /** Docker names the archive's top entry after the last element of the requested path ("." kept). */
    static String baseName(String path) {
        String p = path;
        if (p.endsWith("/.")) {
            return ".";
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        String base = slash < 0 ? p : p.substring(slash + 1);
        return base.isEmpty() ? "/" : base;
    }

    static BerthException notFound(Target t, String path) {
        return BerthException.notFound("Could not find the file " + path + " in container " + t.ref());
    }
}
