package dev.berth.common.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
    @TempDir
    Path dir;

    @Test
    void theSystemToolAgreesWithTheJdkWhateverTheNames() throws IOException {
        byte[] bytes = new byte[300 * 1024];
        new Random(3).nextBytes(bytes);
        Path plain = Files.write(dir.resolve("big.bin"), bytes);
        Path odd = Files.write(dir.resolve("new\nline \\ back"), new byte[] {1, 2, 3});
        Path empty = Files.write(dir.resolve("-empty"), new byte[0]);
        Map<Path, String> digests = Sha256.start(List.of(plain, odd, empty)).digests();
        assertEquals(List.of(plain, odd, empty), List.copyOf(digests.keySet()));
        for (Path file : List.of(plain, odd, empty)) {
            assertEquals(Sha256.jdk(file), digests.get(file), file.toString());
        }
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", digests.get(empty));
    }

    @Test
    void aFileThatCannotBeReadFailsAsTheJdkWould() {
        Path missing = dir.resolve("missing");
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> Sha256.start(List.of(missing)).digests());
    }
}
