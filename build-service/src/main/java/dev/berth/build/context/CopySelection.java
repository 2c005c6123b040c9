package dev.berth.build.context;

import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a COPY or ADD takes from the context and where each piece lands, with Docker's rules: a directory source
 * contributes its contents, several sources need a directory destination, a single file goes to the destination
 * path itself unless that names a directory. Also the content digest the step's cache key and history line use:
 * names, kinds, modes, sizes, link targets and contents, never owners or times, so every client shares hits.
 */
public final class CopySelection {
    private final List<CopyItem> items = new ArrayList<>();
    private final List<String> sourceKinds = new ArrayList<>();
    private final FileDigests digests;

    private CopySelection(FileDigests digests) {
        this.digests = digests;
    }

    /** A source of a COPY: a path (maybe a wildcard) relative to a root (the context, or files from elsewhere). */
    public record Source(Path root, String path) {
    }

    /**
     * @param destinationIsDirectory whether the destination is a directory (ends in {@code /}, several sources, or
     *     an existing directory in the parent image)
     */
    public static CopySelection of(Path contextRoot, List<String> sources, String destination,
            boolean destinationIsDirectory, FileDigests digests) throws IOException {
        return of(sources.stream().map(s -> new Source(contextRoot, s)).toList(), destination,
                destinationIsDirectory, digests);
    }

    /** @param digests where the files' content digests come from (remembered for a context's large files) */
    public static CopySelection of(List<Source> sources, String destination, boolean destinationIsDirectory,
            FileDigests digests) throws IOException {
        CopySelection selection = new CopySelection(digests);
        List<Path[]> matched = new ArrayList<>();
        for (Source source : sources) {
            Path root = source.root().toRealPath();
            for (Path path : match(root, source.path())) {
                matched.add(new Path[] {root, path});
            }
        }
        boolean intoDirectory = destinationIsDirectory || matched.size() > 1;
        String base = destination.endsWith("/") ? destination : intoDirectory ? destination + "/" : destination;
        for (Path[] rootAndPath : matched) {
            Path source = rootAndPath[1];
            Path real = inside(rootAndPath[0], source);
            if (Files.isDirectory(real)) {
                selection.sourceKinds.add("dir");
                String dirBase = base.endsWith("/") ? base : base + "/";
                selection.addTree(real, dirBase);
            } else {
                selection.sourceKinds.add("file");
                String target = base.endsWith("/") ? base + source.getFileName() : base;
                selection.items.add(selection.item(real, target));
            }
        }
        return selection;
    }

    /** A here-document as a file ({@code COPY <<EOF /dest}). */
    public static CopyItem heredocFile(String destination, String content, int mode) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new CopyItem(null, destination, CopyItem.Kind.FILE, mode, bytes.length, null, sha256(bytes), bytes);
    }

    public List<CopyItem> items() {
        return List.copyOf(items);
    }

    /** {@code file:<hex>}, {@code dir:<hex>} or {@code multi:<hex>}: the legacy history form of the content. */
    public String contentDigest() {
        StringBuilder manifest = new StringBuilder();
        for (CopyItem item : items) {
            manifest.append(item.manifestLine("")).append('\n');
        }
        String kind = sourceKinds.size() == 1 ? sourceKinds.get(0) : "multi";
        return kind + ":" + sha256(manifest.toString().getBytes(StandardCharsets.UTF_8)).substring("sha256:".length());
    }

    /** Each copied path with its kind, mode and content digest, for explaining a cache miss. */
    public TreeMap<String, String> manifest() {
        TreeMap<String, String> manifest = new TreeMap<>();
        for (CopyItem item : items) {
            manifest.put(item.destination(), item.kind().name().toLowerCase() + " "
                    + Integer.toOctalString(item.mode() & 07777) + " "
                    + (item.contentDigest() == null ? (item.linkTarget() == null ? "" : "-> " + item.linkTarget())
                            : item.contentDigest()));
        }
        return manifest;
    }

    private static List<Path> match(Path root, String source) throws IOException {
        String clean = ContextPaths.clean(source);
        if (!ContextGlob.hasWildcard(clean)) {
            Path path = root.resolve(clean);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw BerthException.invalid("COPY failed: file not found in build context or excluded by"
                        + " .dockerignore: stat " + clean + ": file does not exist");
            }
            return List.of(path);
        }
        Pattern pattern = ContextGlob.compile(clean);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root))
                    .filter(p -> pattern.matcher(root.relativize(p).toString()).matches())
                    .sorted().forEach(found::add);
        }
        if (found.isEmpty()) {
            throw BerthException.invalid("COPY failed: no source files were specified");
        }
        return found;
    }

    /** The path with symlinks resolved, refused if that leaves the context. */
    private static Path inside(Path root, Path path) throws IOException {
        Path real;
        try {
            real = path.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            throw BerthException.invalid("COPY failed: " + root.relativize(path) + " is a link to nothing");
        }
        if (!real.startsWith(root)) {
            throw BerthException.invalid("COPY failed: forbidden path outside the build context: "
                    + root.relativize(path));
        }
        return real;
    }

    private void addTree(Path dir, String destinationDir) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String target = destinationDir + child.getFileName();
            if (Files.isSymbolicLink(child)) {
                String link = Files.readSymbolicLink(child).toString();
                items.add(new CopyItem(child, target, CopyItem.Kind.SYMLINK, 0777, 0, link, null, null));
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                items.add(new CopyItem(child, target, CopyItem.Kind.DIRECTORY, mode(child), 0, null, null, null));
                addTree(child, target + "/");
            } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                items.add(item(child, target));
            }
        }
    }

    private CopyItem item(Path file, String target) throws IOException {
        return new CopyItem(file, target, CopyItem.Kind.FILE, mode(file), Files.size(file), null, digests.of(file),
                null);
    }

    private static int mode(Path path) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> permissions = attributes.permissions();
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }

    static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(FileDigests.sha256().digest(bytes));
    }
}
