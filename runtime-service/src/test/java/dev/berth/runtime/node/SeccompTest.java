package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompTest {
    private static final List<String> CAPS = List.of("CAP_CHOWN", "CAP_KILL");

    @Test
    void dockersDefaultListsTheThreeX86TablesAsDockerDoes() {
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                Seccomp.dockerDefault("6.1.0").profileFor(CAPS).architectures());
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                Seccomp.fromFile("", "6.1.0", true).profileFor(CAPS).architectures());
    }

    @Test
    void aNodeLeavesTheI386TableOutOfTheDefaultOnly() throws Exception {
        Seccomp node = Seccomp.fromFile("", "6.1.0", false);
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X32"), node.profileFor(CAPS).architectures());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(Seccomp.DEFAULT_RESOURCE)) {
            Seccomp containersOwn = node.withProfile(new ObjectMapper().readTree(in));
            assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
                    containersOwn.profileFor(CAPS).architectures(), "a profile given by file is taken as written");
        }
        assertEquals(Seccomp.dockerDefault("6.1.0").profileFor(CAPS).syscalls(), node.profileFor(CAPS).syscalls());
    }
}
