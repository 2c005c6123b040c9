package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RUN --mount} through the docker CLI's legacy path (berth reads the Dockerfile itself, so BuildKit's mounts
 * work there): a cache directory later builds see and the image does not hold, bind mounts of the context, tmpfs,
 * secrets the legacy API cannot bring, and nothing left on the host afterwards.
 */
class BuildMountTest {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String BASE = "e2e-mount-base:" + ID;
    private static final String APP = "e2e-mount-app-" + ID;
    private static final Path DATA = Path.of(System.getenv().getOrDefault("BERTH_DATA", "/var/lib/berth"));

    @TempDir
    static Path dir;

    @BeforeAll
    static void baseImage() throws Exception {
        Tarballs.importBusybox(dir, BASE);
    }

    @AfterAll
    static void removeImages() {
        docker("rmi", "-f", APP + ":cache", APP + ":bind", APP + ":tmpfs", APP + ":secret", APP + ":stages",
                APP + ":heredoc", BASE);
    }

    private static Path project(String name, String dockerfile) throws Exception {
        Path project = Files.createDirectories(dir.resolve(name));
        Files.writeString(project.resolve("Dockerfile"), dockerfile.replace("BASE", BASE).replace("ID", ID));
        return project;
    }

    /** Builds the project expecting a failure; the CLI's stderr. */
    private static String buildFails(Path project) {
        DockerCli.Result failed = docker("build", project.toString());
        assertNotEquals(0, failed.exit(), failed.out());
        return failed.err();
    }

    private static String inImage(String image, String script) {
        return docker("run", "--rm", image, "sh", "-c", script).ok().trimmed();
    }

    @Test
    void aCacheMountOutlivesTheBuildAndStaysOutOfTheImage() throws Exception {
        Path project = project("cache", """
                FROM BASE
                RUN --mount=type=cache,target=/var/cache/app,id=e2e-ID \\
                    sh -c 'cd /var/cache/app; cat n 2>/dev/null; echo run >> n; wc -l < n > /runs'
                """);
        DockerCli.Result first = docker("build", "-t", APP + ":cache", project.toString()).ok();
        assertEquals("1", inImage(APP + ":cache", "cat /runs"), first.out());
        DockerCli.Result second = docker("build", "--no-cache", "-t", APP + ":cache", project.toString()).ok();
        assertTrue(second.out().contains("run\n"), "the second build sees the first one's file: " + second.out());
        assertEquals("2", inImage(APP + ":cache", "cat /runs"));
        assertEquals("absent", inImage(APP + ":cache", "test -e /var/cache/app || echo absent"),
                "neither the cache's content nor its mount point is in the layer (BuildKit drops the mount stub)");
        assertEquals("", inImage(APP + ":cache", "ls -A /var/cache 2>/dev/null; true"),
                "a parent made for the mount point is dropped too");
        Path cacheDir = DATA.resolve("build/cache-mounts")
                .resolve(Tarballs.sha256(("e2e-" + ID).getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("run", "run"), Files.readAllLines(cacheDir.resolve("n")),
                "the cache lives on the worker's node under <data>/build/cache-mounts/<sha256(id)>");
    }

    @Test
    void bindMountsShowTheContextReadOnlyAndDiscardWrites() throws Exception {
        Path project = project("bind", """
                FROM BASE
                RUN --mount=type=bind,source=data.txt,target=/mnt/data.txt cat /mnt/data.txt > /from-bind
                RUN --mount=target=/ctx sh -c 'touch /ctx/x 2>/dev/null && echo writable || echo read-only' > /ro
                RUN --mount=target=/ctx,rw sh -c 'echo scribble > /ctx/new && cat /ctx/data.txt' > /rw
                RUN --mount=target=/ctx sh -c 'test -e /ctx/new && echo kept || echo discarded' > /after
                """);
        String content = "bound " + UUID.randomUUID();
        Files.writeString(project.resolve("data.txt"), content);
        docker("build", "-t", APP + ":bind", project.toString()).ok();
        assertEquals(content + "|read-only|" + content + "|discarded",
                inImage(APP + ":bind", "echo $(cat /from-bind)'|'$(cat /ro)'|'$(cat /rw)'|'$(cat /after)"));
        assertEquals("absent", inImage(APP + ":bind", "test -e /mnt || test -e /ctx || echo absent"));

        String changed = "changed " + UUID.randomUUID();
        Files.writeString(project.resolve("data.txt"), changed);
        DockerCli.Result again = docker("build", "-t", APP + ":bind", project.toString()).ok();
        assertTrue(again.out().contains("cache miss: RUN --mount=type=bind,source=data.txt"), again.out());
        assertEquals(changed, inImage(APP + ":bind", "cat /from-bind"),
                "the bound files' content is part of the step's cache key");

        Path outside = project("bind-outside", "FROM BASE\nRUN --mount=source=../etc,target=/x true\n");
        String escaped = buildFails(outside);
        assertTrue(escaped.contains("leaves the build context"), escaped);
    }

    @Test
    void tmpfsMountsAreTmpfsAndLeaveNothing() throws Exception {
        Path project = project("tmpfs", """
                FROM BASE
                RUN --mount=type=tmpfs,target=/scratch,size=1m \\
                    sh -c 'grep " /scratch " /proc/mounts | cut -d" " -f3 > /fs; echo data > /scratch/f'
                """);
        docker("build", "-t", APP + ":tmpfs", project.toString()).ok();
        assertEquals("tmpfs|absent", inImage(APP + ":tmpfs", "echo $(cat /fs)'|'$(test -e /scratch || echo absent)"));
    }

    @Test
    void secretsAreAbsentAndARequiredOneFailsClearly() throws Exception {
        Path optional = project("secret", """
                FROM BASE
                RUN --mount=type=secret,id=token sh -c 'test -e /run/secrets/token && echo has || echo none' > /s
                """);
        docker("build", "-t", APP + ":secret", optional.toString()).ok();
        assertEquals("none", inImage(APP + ":secret", "cat /s"));

        Path required = project("secret-required", """
                FROM BASE
                RUN --mount=type=secret,id=token,required cat /run/secrets/token
                """);
        String failed = buildFails(required);
        assertTrue(failed.contains("secret token: not found"), failed);

        Path unknown = project("mount-unknown", "FROM BASE\nRUN --mount=type=volume,target=/v true\n");
        String refused = buildFails(unknown);
        assertTrue(refused.contains("unsupported mount type \"volume\""), refused);
    }

    @Test
    void nothingOfTheMountsStaysOnTheHost() throws Exception {
        Path project = project("leftovers", """
                FROM BASE
                RUN --mount=target=/ctx,rw sh -c 'echo x > /ctx/f; exit 4'
                """);
        Files.writeString(project.resolve("f"), "context file");
        assertEquals(4, docker("build", project.toString()).exit());
        assertEquals("", docker("ps", "-aq", "--filter", "label=dev.berth.build-step").ok().trimmed());
        Path work = DATA.resolve("build/work");
        if (Files.isDirectory(work)) {
            try (Stream<Path> walk = Files.walk(work)) {
                assertFalse(walk.anyMatch(p -> p.getFileName().toString().startsWith("mount-")),
                        "no temporary copy of a mount is left in " + work);
            }
        }
    }

    @Test
    void independentStagesBuildAtTheSameTimeAndStreamInDockerfileOrder() throws Exception {
        String times = "sh -c 'read up rest < /proc/uptime; echo $up > /start; sleep 3;"
                + " read up rest < /proc/uptime; echo $up > /end'";
        Path project = project("stages", """
                FROM BASE AS one
                RUN TIMES
                FROM BASE AS two
                RUN TIMES
                FROM BASE
                COPY --from=one /start /one-start
                COPY --from=one /end /one-end
                COPY --from=two /start /two-start
                COPY --from=two /end /two-end
                RUN --mount=from=one,source=/start,target=/mnt/start cat /mnt/start > /mounted-start
                """.replace("TIMES", times));
        DockerCli.Result built = docker("build", "--no-cache", "-t", APP + ":stages", project.toString()).ok();
        String[] t = inImage(APP + ":stages", "echo $(cat /one-start) $(cat /one-end) $(cat /two-start)"
                + " $(cat /two-end)").split(" ");
        double oneStart = Double.parseDouble(t[0]);
        double oneEnd = Double.parseDouble(t[1]);
        double twoStart = Double.parseDouble(t[2]);
        double twoEnd = Double.parseDouble(t[3]);
        assertTrue(Math.max(oneStart, twoStart) < Math.min(oneEnd, twoEnd),
                "the two stages' RUN steps overlap in time: " + String.join(" ", t));
        assertEquals(t[0], inImage(APP + ":stages", "cat /mounted-start"), "a bind mount from a stage");
        String out = built.out();
        int secondFrom = out.indexOf("Step 3/10 : FROM " + BASE + " AS two");
        assertTrue(out.indexOf("Step 1/10 : FROM " + BASE + " AS one") < out.indexOf("Step 2/10 : RUN")
                && out.indexOf("Step 2/10 : RUN") < secondFrom && secondFrom < out.indexOf("Step 4/10 : RUN")
                && out.indexOf("Step 4/10 : RUN") < out.indexOf("Step 5/10 : FROM"),
                "the stream keeps Dockerfile order: " + out);
    }

    @Test
    void heredocsExpandInCopyUnlessQuotedAndAShebangRunsAsAScript() throws Exception {
        Path project = project("heredoc", """
                FROM BASE
                ARG WHO=world
                COPY <<EOF /greeting
                hello "$WHO"
                EOF
                COPY <<'EOF' /literal
                hello $WHO
                EOF
                RUN <<EOF
                #!/bin/sh -e
                echo "script $0" > /script
                EOF
                """);
        docker("build", "--no-cache", "-t", APP + ":heredoc", project.toString()).ok();
        assertEquals("hello \"world\"|hello $WHO|script /dev/pipes/EOF", inImage(APP + ":heredoc",
                "echo \"$(cat /greeting)|$(cat /literal)|$(cat /script)\""));
        assertEquals("absent", inImage(APP + ":heredoc", "test -e /dev/pipes || echo absent"));
    }
}
