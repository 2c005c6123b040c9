package dev.berth.build.context.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.errors.BerthException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteContextTest {
    @TempDir
    Path work;

    @Test
    void recognisesGitUrlsAsMobyDoes() {
        assertTrue(RemoteContext.isGit("https://example.com/repo.git"));
        assertTrue(RemoteContext.isGit("https://example.com/repo.git#v1:sub/dir"));
        assertTrue(RemoteContext.isGit("git://example.com/repo"));
        assertTrue(RemoteContext.isGit("git@github.com:owner/repo"));
        assertTrue(RemoteContext.isGit("github.com/owner/repo"));
        assertFalse(RemoteContext.isGit("https://example.com/context.tar.gz"));
        assertFalse(RemoteContext.isGit("https://example.com/repo.gitx"));
    }

    @Test
    void splitsRefAndSubdirectory() {
        assertEquals(new GitCheckout.Repo("https://h/r.git", "master", ""),
                GitCheckout.Repo.parse("https://h/r.git"));
        assertEquals(new GitCheckout.Repo("https://h/r.git", "dev", "app/x"),
                GitCheckout.Repo.parse("https://h/r.git#dev:app/x"));
        assertEquals(new GitCheckout.Repo("https://github.com/o/r", "master", "d"),
                GitCheckout.Repo.parse("github.com/o/r#:d"));
        assertEquals(new GitCheckout.Repo("git@github.com:o/r", "v2", ""),
                GitCheckout.Repo.parse("git@github.com:o/r#v2"));
        assertThrows(BerthException.class, () -> GitCheckout.Repo.parse("https://h/r.git#--upload-pack=x"));
    }

    @Test
    void refusesWhatIsNeitherHttpNorGit() {
        BerthException e = assertThrows(BerthException.class, () -> new RemoteContext(1000, Duration.ofSeconds(5))
                .fetch("file:///etc/passwd", "", work));
        assertEquals("remoteURL (file:///etc/passwd) could not be recognized as URL", e.getMessage());
    }

    @Test
    void sniffsTextAsGoDoes() {
        assertTrue(UrlDownload.sniffsAsText("FROM busybox\nRUN true\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(UrlDownload.sniffsAsText(new byte[] {0x1f, (byte) 0x8b, 8, 0}));
        assertFalse(UrlDownload.sniffsAsText("app/\0\0\0\0".getBytes(StandardCharsets.UTF_8)));
        assertFalse(UrlDownload.sniffsAsText("<!DOCTYPE html><html>".getBytes(StandardCharsets.UTF_8)));
    }
}
