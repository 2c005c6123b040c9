package dev.berth.runtime.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fake {@link KernelFiles} for unit tests: the kernel's files are what the test scripted ({@link #with}); every
 * write and rmdir is recorded ("write /proc/sys/net/ipv4/ip_forward 1", "rmdir /sys/fs/cgroup/...") and applied.
 */
public final class RecordingKernelFiles implements KernelFiles {
    private final Map<Path, String> files = new HashMap<>();
    private final List<String> changes = new ArrayList<>();

    public synchronized RecordingKernelFiles with(String path, String content) {
        files.put(Path.of(path), content);
        return this;
    }

    public synchronized List<String> changes() {
        return List.copyOf(changes);
    }

    @Override
    public synchronized Optional<String> read(Path file) {
        return Optional.ofNullable(files.get(file));
    }

    @Override
    public synchronized boolean exists(Path file) {
        return files.containsKey(file) || files.keySet().stream().anyMatch(p -> p.startsWith(file));
    }

    @Override
    public synchronized List<String> list(Path dir) {
        return files.keySet().stream().filter(p -> dir.equals(p.getParent())).map(p -> p.getFileName().toString())
                .sorted().toList();
    }

    @Override
    public synchronized void write(Path file, String value) {
        changes.add("write " + file + " " + value);
        files.put(file, value);
    }

    @Override
    public synchronized boolean removeDir(Path dir) {
        changes.add("rmdir " + dir);
        boolean there = exists(dir);
        files.keySet().removeIf(p -> p.startsWith(dir));
        return there;
    }
}
