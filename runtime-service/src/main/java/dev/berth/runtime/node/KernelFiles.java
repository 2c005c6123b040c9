package dev.berth.runtime.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The seam for the kernel's files: /proc, /sys and the cgroup hierarchy, and the host's own /etc files a container
 * inherits (hosts, resolv.conf, os-release): the other half of the host seam beside {@link ProcessRunner}. The real one is {@link HostKernelFiles}; unit tests use a recording fake with scripted
 * contents, so the code that asks the kernel (is conmon alive, which pids are in a cgroup, what is mounted) runs
 * without root.
 */
public interface KernelFiles {
    /** The one for this host, for code that is not a bean. */
    KernelFiles HOST = new HostKernelFiles();

    /** The file's text, or empty when it does not exist (a process that is gone, a cgroup not created). */
    Optional<String> read(Path file) throws IOException;

    /** The file's lines, or none when it does not exist. */
    default List<String> lines(Path file) throws IOException {
        return read(file).map(text -> text.lines().toList()).orElse(List.of());
    }

    boolean exists(Path file);

    /** The names in a kernel directory (a bridge's brif ports), or none when it does not exist. */
    List<String> list(Path dir) throws IOException;

    /** Writes a kernel setting (a sysctl, a cgroup knob). */
    void write(Path file, String value) throws IOException;

    /** rmdir(2) of a kernel directory (an empty cgroup); false when it was not there. */
    boolean removeDir(Path dir) throws IOException;
}
