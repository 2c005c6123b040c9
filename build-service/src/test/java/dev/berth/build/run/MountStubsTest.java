package dev.berth.build.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class MountStubsTest {
    private static byte[] tar(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (String name : names) {
                String[] nameContent = name.split("=", 2);
                TarArchiveEntry entry = new TarArchiveEntry(nameContent[0]);
                byte[] content = nameContent.length > 1 ? nameContent[1].getBytes(StandardCharsets.UTF_8)
                        : new byte[0];
                entry.setSize(content.length);
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<String> filtered(Set<String> stubs, String... names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MountStubs.filter(new ByteArrayInputStream(tar(names)), out, stubs);
        List<String> left = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                left.add(e.getName() + (e.getSize() > 0 ? "=" + new String(in.readAllBytes(),
                        StandardCharsets.UTF_8) : ""));
            }
        }
        return left;
    }

    @Test
    void emptyMountPointsTheRuntimeMadeAreDropped() throws IOException {
        assertEquals(List.of("etc/", "etc/app=x"),
                filtered(Set.of("/cache", "/a", "/a/b", "/secret"), "a/", "a/b/", "cache/", "etc/", "etc/app=x",
                        "secret"));
    }

    @Test
    void aMountPointParentTheCommandWroteIntoStays() throws IOException {
        assertEquals(List.of("a/", "a/note=hi", "z/"),
                filtered(Set.of("/a", "/a/b"), "a/", "a/b/", "a/note=hi", "z/"));
    }

    @Test
    void pathsNotMadeForMountsAreKeptEvenWhenEmpty() throws IOException {
        assertEquals(List.of("./tmp/", "./tmp/empty"), filtered(Set.of("/c"), "./tmp/", "./tmp/empty"));
    }

    @Test
    void namesAreCompared() {
        assertEquals("/a/b", MountStubs.path("./a/b/"));
        assertEquals("/a", MountStubs.path("a"));
        assertEquals("/", MountStubs.path("./"));
    }
}
