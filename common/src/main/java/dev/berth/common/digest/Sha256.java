package dev.berth.common.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SHA-256 of large files ({@code sha256:<hex>}) by the system's {@code openssl dgst} (or coreutils' {@code sha256sum}
 * where openssl is missing), several files in one process: build-service and runtime-service run their JIT at C1 only, where the JDK's
 * SHA-256 manages about 100 MB/s of one core; coreutils about 300 MB/s, OpenSSL with the CPU's SHA instructions
 * about 2 GB/s (bench/README.md). {@link #start} lets the hash run while the caller does something else (on the other
 * core). Falls back to the JDK when the tool is missing or fails.
 */
public final class Sha256 {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    /** OpenSSL's digest of the named files, or of its input without names ({@link Sha256Sink}). */
    static final List<String> OPENSSL = List.of("openssl", "dgst", "-sha256", "-r");
    /**
     * Each prints one line per file, {@code <hex> *<name>} (coreutils puts a backslash first when it escaped the
     * name; openssl does not escape, so a name with a newline breaks the line count and the JDK answers instead).
     * The names are absolute paths, so none reads as an option.
     */
    private static final List<List<String>> TOOLS = List.of(
            OPENSSL,
            List.of("sha256sum", "-b", "--"));

    private Sha256() {
    }

    /** Hashes under way. */
    public static final class Pending {
        private final List<Path> files;
        private final Process process;

        private Pending(List<Path> files, Process process) {
            this.files = files;
            this.process = process;
        }

        /** Stops the hashing: its result is not wanted. */
        public void cancel() {
            if (process != null) {
                process.destroy();
            }
        }

        /** The digest of each file, in the order given. */
        public Map<Path, String> digests() throws IOException {
            if (process != null) {
                Map<Path, String> native_ = collect();
                if (native_ != null) {
                    return native_;
                }
            }
            Map<Path, String> digests = new LinkedHashMap<>();
            for (Path file : files) {
                digests.put(file, jdk(file));
            }
            return digests;
        }

        private Map<Path, String> collect() {
            try (InputStream out = process.getInputStream()) {
                String[] lines = new String(out.readAllBytes(), StandardCharsets.UTF_8).split("\n");
                if (process.waitFor() != 0 || lines.length != files.size()) {
                    return null;
                }
                Map<Path, String> digests = new LinkedHashMap<>();
                for (int i = 0; i < lines.length; i++) {
                    String line = lines[i].startsWith("\\") ? lines[i].substring(1) : lines[i];
                    if (line.length() < 64 || !HEX.matcher(line.substring(0, 64)).matches()) {
                        return null;
                    }
                    digests.put(files.get(i), "sha256:" + line.substring(0, 64));
                }
                return digests;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Starts hashing the files (paths of this machine) in another process. */
    public static Pending start(List<Path> files) {
        List<Path> list = List.copyOf(files);
        if (list.isEmpty()) {
            return new Pending(list, null);
        }
        for (List<String> tool : TOOLS) {
            List<String> command = new ArrayList<>(tool);
            list.forEach(file -> command.add(file.toAbsolutePath().toString()));
            try {
                return new Pending(list, new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            } catch (IOException e) {
                // not installed: the next tool, then the JDK
            }
        }
        return new Pending(list, null);
    }

    public static String of(Path file) throws IOException {
        return start(List.of(file)).digests().get(file);
    }

    /** The JDK's SHA-256 (for small inputs: see above). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's digest of a file ({@code sha256:<hex>}). */
    public static String jdk(Path file) throws IOException {
        MessageDigest sha = newDigest();
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
}
