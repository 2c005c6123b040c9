package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker build --cache-from} as the classic builder of dockerd: with images named, a cached step is used
 * only if it is one of them or one of their ancestors, so naming only an unknown image builds every step again;
 * without it the local cache is used as always (docker-py test_build_with_cache_from).
 */
class BuildCacheFromTest {
    private final String tag = "e2e-cachefrom-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    @AfterEach
    void remove() {
        docker("rmi", "-f", tag + ":one", tag + ":two", tag + ":three", tag + ":four");
    }

    @Test
    void onlyTheNamedImagesChainsServeAsCache() throws Exception {
        // a unique ENV so that no other build's steps are in the cache
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nENV RUN_ID=" + tag + "\nRUN touch /baz\n"
                + "RUN touch /bax\n");
        docker("build", "-t", tag + ":one", dir.toString()).ok();

        DockerCli.Result named = docker("build", "--cache-from", tag + ":one", "-t", tag + ":two", dir.toString()).ok();
        assertEquals(3, hits(named), named.out());
        assertEquals(id(tag + ":one"), id(tag + ":two"));

        DockerCli.Result unknown = docker("build", "--cache-from", "nosuchtag-" + tag, "-t", tag + ":three",
                dir.toString()).ok();
        assertEquals(0, hits(unknown), unknown.out());

        DockerCli.Result plain = docker("build", "-t", tag + ":four", dir.toString()).ok();
        assertEquals(3, hits(plain), plain.out());
    }

    private static int hits(DockerCli.Result r) {
        return r.out().split("Using cache", -1).length - 1;
    }

    private static String id(String image) {
        return docker("image", "inspect", "-f", "{{.Id}}", image).ok().trimmed();
    }
}
