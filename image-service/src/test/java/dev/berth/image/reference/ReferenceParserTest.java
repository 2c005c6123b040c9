package dev.berth.image.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceParserTest {

    @ParameterizedTest
    @CsvSource({
            "busybox, docker.io/library/busybox:latest, busybox:latest",
            "busybox:1.36, docker.io/library/busybox:1.36, busybox:1.36",
            "library/busybox, docker.io/library/busybox:latest, busybox:latest",
            "docker.io/busybox, docker.io/library/busybox:latest, busybox:latest",
            "index.docker.io/library/busybox:x, docker.io/library/busybox:x, busybox:x",
            "user/app, docker.io/user/app:latest, user/app:latest",
            "docker.io/user/app:v1, docker.io/user/app:v1, user/app:v1",
            "localhost/app, localhost/app:latest, localhost/app:latest",
            "localhost:5000/a/b:tag, localhost:5000/a/b:tag, localhost:5000/a/b:tag",
            "quay.io/org/img_x-y.z:1.0-rc_1, quay.io/org/img_x-y.z:1.0-rc_1, quay.io/org/img_x-y.z:1.0-rc_1",
            "a__b/c---d, docker.io/a__b/c---d:latest, a__b/c---d:latest",
    })
    void normalisesLikeDocker(String input, String full, String familiar) {
        Reference ref = ReferenceParser.parse(input).withDefaultTag();
        assertEquals(full, ref.full());
        assertEquals(familiar, ref.familiar());
    }

    @Test
    void keepsDigest() {
        String digest = "sha256:" + "a".repeat(64);
        Reference ref = ReferenceParser.parse("busybox@" + digest);
        assertEquals(digest, ref.digest());
        assertNull(ref.tag());
        assertEquals("busybox@" + digest, ref.familiar());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":latest", "busybox:", "bu sybox", "-busybox", "busybox-", "a//b", "a/", "/a",
            "busybox:-tag", "busybox:.tag", "a..b", "a___b", "busybox@sha256:abc", "UPPER", "user/App",
            "busybox:" + "t0000000001000000000200000000030000000004000000000500000000060000000007000000000800000000090000000001000000000110000000001200000000"})
    void rejectsInvalid(String input) {
        BerthException e = assertThrows(BerthException.class, () -> ReferenceParser.parse(input));
        assertEquals(ErrorKind.INVALID, e.kind());
        assertTrue(e.getMessage().startsWith("invalid reference format"), e.getMessage());
    }

    @Test
    void uppercaseRepositoryNameSaysLowercase() {
        BerthException e = assertThrows(BerthException.class, () -> ReferenceParser.parse("Busybox"));
        assertEquals("invalid reference format: repository name (library/Busybox) must be lowercase", e.getMessage());
    }

    @Test
    void rejects64HexAsName() {
        BerthException e = assertThrows(BerthException.class, () -> ReferenceParser.parse("a".repeat(64)));
        assertTrue(e.getMessage().contains("cannot specify 64-byte hexadecimal strings"));
    }

    @Test
    void validatesTags() {
        assertEquals("v1.0_rc-2", ReferenceParser.validTag("v1.0_rc-2"));
        assertThrows(BerthException.class, () -> ReferenceParser.validTag("-x"));
        assertThrows(BerthException.class, () -> ReferenceParser.validTag("a/b"));
    }
}
