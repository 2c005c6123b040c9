package dev.berth.image.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageLookupTest {
    private static final String A = "sha256:abc1" + "0".repeat(60);
    private static final String B = "sha256:abc2" + "0".repeat(60);
    private static final String C = "sha256:ff" + "1".repeat(62);

    @Test
    void fullIds() {
        assertEquals(A, ImageLookup.of(A).fullId());
        assertEquals(A, ImageLookup.of(A.substring(7)).fullId());
        assertEquals("No such image: " + A, ImageLookup.of(A).notFoundMessage());
    }

    @Test
    void namesAndShortIds() {
        ImageLookup busybox = ImageLookup.of("busybox");
        assertEquals("docker.io/library/busybox:latest", busybox.reference().full());
        assertNull(busybox.idPrefix());
        assertEquals("No such image: busybox:latest", busybox.notFoundMessage());

        ImageLookup hex = ImageLookup.of("abc1");
        assertEquals("abc1", hex.idPrefix());
        assertEquals("docker.io/library/abc1:latest", hex.reference().full());

        ImageLookup prefixed = ImageLookup.of("sha256:abc");
        assertEquals("abc", prefixed.idPrefix());
        assertNull(prefixed.reference());
    }

    @Test
    void invalidNameIs400() {
        BerthException e = assertThrows(BerthException.class, () -> ImageLookup.of("Not/Valid:"));
        assertEquals(ErrorKind.INVALID, e.kind());
    }

    @Test
    void shortIdResolution() {
        List<String> ids = List.of(A, B, C);
        assertEquals(Optional.of(C), ShortIdResolver.resolve("f", ids));
        assertEquals(Optional.of(A), ShortIdResolver.resolve("abc1", ids));
        assertEquals(Optional.empty(), ShortIdResolver.resolve("0", ids));
        BerthException e = assertThrows(BerthException.class, () -> ShortIdResolver.resolve("abc", ids));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().startsWith("ambiguous reference"));
    }

    @Test
    void idPrefix() {
        assertTrue(ImageLookup.isIdPrefix(A, "abc1"));
        assertTrue(ImageLookup.isIdPrefix(A, "sha256:abc"));
        assertTrue(!ImageLookup.isIdPrefix(A, "busybox"));
    }
}
