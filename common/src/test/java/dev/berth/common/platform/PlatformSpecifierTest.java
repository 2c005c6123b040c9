package dev.berth.common.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import org.junit.jupiter.api.Test;

class PlatformSpecifierTest {
    private static String refusal(String specifier) {
        BerthException e = assertThrows(BerthException.class, () -> PlatformSpecifier.parse(specifier));
        assertEquals(ErrorKind.INVALID, e.kind());
        return e.getMessage();
    }

    @Test
    void readsWhatContainerdReads() {
        assertEquals(new PlatformSpecifier("linux", "amd64", ""), PlatformSpecifier.parse("linux/amd64"));
        assertEquals(new PlatformSpecifier("linux", "amd64", ""), PlatformSpecifier.parse("Linux/x86_64"));
        assertEquals(new PlatformSpecifier("linux", "arm64", "v8"), PlatformSpecifier.parse("linux/arm64/v8"));
        assertEquals(new PlatformSpecifier("windows", "amd64", ""),
                PlatformSpecifier.parse("windows(10.0.17763+win32k)/amd64"));
        assertEquals(new PlatformSpecifier("linux", GoArch.host(), ""), PlatformSpecifier.parse("linux"));
        assertEquals(new PlatformSpecifier("linux", "arm64", ""), PlatformSpecifier.parse("aarch64"));
        assertEquals(new PlatformSpecifier("darwin", "arm64", ""), PlatformSpecifier.parse("macos/arm64"));
    }

    @Test
    void refusesMalformedSpecifiersInContainerdsWords() {
        assertEquals("\"not a\" is an invalid OS component of \"not a/platform!!\": OSAndVersion specifier component"
                + " must match \"^([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.%-]*)((?:\\+[A-Za-z0-9_.%-]+)*)\\))?$\":"
                + " invalid argument", refusal("not a/platform!!"));
        assertEquals("\"platform!!\" is an invalid component of \"linux/platform!!\": platform specifier component"
                + " must match \"^[A-Za-z0-9_.-]+$\": invalid argument", refusal("linux/platform!!"));
        assertEquals("\"bogus\": unknown operating system or architecture: invalid argument", refusal("bogus"));
        assertEquals("\"linux/*\": wildcards not yet supported: invalid argument", refusal("linux/*"));
        assertEquals("\"linux/arm/v7/x\": cannot parse platform specifier: invalid argument",
                refusal("linux/arm/v7/x"));
        assertEquals("\"\" is an invalid component of \"linux/\": platform specifier component must match"
                + " \"^[A-Za-z0-9_.-]+$\": invalid argument", refusal("linux/"));
    }
}
