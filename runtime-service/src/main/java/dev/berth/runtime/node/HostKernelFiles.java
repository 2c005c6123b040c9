package dev.berth.runtime.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The real {@link KernelFiles}: plain file reads and writes on this host's /proc, /sys, cgroupfs and /etc. */
public final class HostKernelFiles implements KernelFiles {
    @Override
    public Optional<String> read(Path file) throws IOException {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException gone) {
            return List.of();
        }
    }

    @Override
    public void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }

    @Override
    public boolean removeDir(Path dir) throws IOException {
        try {
            Files.delete(dir);
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }
}
