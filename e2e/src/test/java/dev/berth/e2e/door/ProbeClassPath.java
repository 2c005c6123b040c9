package dev.berth.e2e.door;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A copy of the class path DoorProbe needs, under {@code /tmp} with dirs 0755 and files 0644 so that {@code nobody}
 * can read it; removed afterwards.
 */
public final class ProbeClassPath {
    /** The class path entries the probe needs: the test classes and kafka-clients with its dependencies. */
    private static final Pattern PROBE_JARS =
            Pattern.compile("(kafka-clients|zstd-jni|lz4-java|snappy-java|slf4j-api)-[^/]*\\.jar");

    private final Path dir;

    private ProbeClassPath(Path dir) {
        this.dir = dir;
    }

    /** Copies the test classes and the probe's jars to a fresh directory under /tmp: dirs 0755, files 0644. */
    public static ProbeClassPath copy() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "berth-door-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int n = 0;
        boolean probeFound = false;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isDirectory(source)) {
                if (!Files.exists(source.resolve("dev/berth/e2e/door/DoorProbe.class"))) {
                    continue;
                }
                probeFound = true;
                Path target = dir.resolve(String.format("%02d-classes", n++));
                try (Stream<Path> tree = Files.walk(source)) {
                    for (Path p : (Iterable<Path>) tree::iterator) {
                        Path to = target.resolve(source.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(to);
                            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                        } else {
                            Files.copy(p, to);
                            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                        }
                    }
                }
            } else if (PROBE_JARS.matcher(source.getFileName().toString()).matches()) {
                Path to = dir.resolve(String.format("%02d-%s", n++, source.getFileName()));
                Files.copy(source, to);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        assertTrue(probeFound, "DoorProbe's classes are not on the test class path: "
                + System.getProperty("java.class.path"));
        return new ProbeClassPath(dir);
    }

    /** The copy's entries, as the value of {@code -cp}. */
    String asArgument() {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void remove() throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
