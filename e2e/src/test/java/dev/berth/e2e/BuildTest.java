package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker build} (the CLI's legacy path) on berth: steps run, the cache hits and explains its misses. */
class BuildTest {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String BASE = "e2e-build-base:" + ID;
    private static final String APP = "e2e-build-app-" + ID;

    @TempDir
    static Path dir;

    @BeforeAll
    static void baseImage() throws Exception {
        Tarballs.importBusybox(dir, BASE);
    }

    @AfterAll
    static void removeImages() {
        docker("rmi", "-f", APP, APP + ":two", APP + ":target", APP + ":fail", APP + ":multi", APP + ":skip",
                APP + ":gone", APP + ":workdir", APP + "-compose", BASE);
    }

    private static Path project(String name, String dockerfile) throws Exception {
        Path project = Files.createDirectories(dir.resolve(name));
        Files.writeString(project.resolve("Dockerfile"), dockerfile.replace("BASE", BASE));
        return project;
    }

    @Test
    void buildsAnImageThatRunsAndExplainsAChangedFile() throws Exception {
        Path project = project("app", """
                FROM BASE
                ARG VERSION=1
                ENV GREETING=hello
                WORKDIR /app
                COPY greet.sh ./
                RUN echo "built v$VERSION" > built.txt && echo to-stderr >&2
                CMD ["./greet.sh"]
                """);
        Path script = project.resolve("greet.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$GREETING from $(pwd), $(cat built.txt)\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        DockerCli.Result first = docker("build", "-t", APP, project.toString()).ok();
        assertTrue(first.out().contains("Step 1/7 : FROM " + BASE), first.out());
        assertTrue(first.out().contains("Step 6/7 : RUN echo \"built v$VERSION\""), first.out());
        assertTrue(first.out().contains("to-stderr"), first.out() + first.err());
        Matcher built = Pattern.compile("Successfully built ([0-9a-f]{12})").matcher(first.out());
        assertTrue(built.find(), first.out());
        assertTrue(first.out().contains("Successfully tagged " + APP + ":latest"), first.out());
        assertEquals(built.group(1), docker("image", "inspect", "-f", "{{.Id}}", APP).ok().trimmed()
                .substring(7, 19));
        assertEquals("hello from /app, built v1", docker("run", "--rm", APP).ok().trimmed());
        String parent = docker("image", "inspect", "-f", "{{.Parent}}", APP).ok().trimmed();
        assertTrue(parent.startsWith("sha256:"), "a step's image records its parent: " + parent);
        String shortParent = parent.substring(7, 19);
        assertFalse(docker("images", "-q").ok().out().contains(shortParent), "intermediate images are hidden");
        assertTrue(docker("images", "-aq").ok().out().contains(shortParent), "and listed with -a");
        String history = docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", APP).ok().out();
        assertTrue(history.contains("|1 VERSION=1 /bin/sh -c echo \"built v$VERSION\""), history);
        assertTrue(history.contains("/bin/sh -c #(nop)  ENV GREETING=hello"), history);

        DockerCli.Result again = docker("build", "-t", APP, project.toString()).ok();
        assertEquals(6, again.out().split(" ---> Using cache", -1).length - 1, again.out());
        assertTrue(again.out().contains("Successfully built " + built.group(1)), again.out());

        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        DockerCli.Result changed = docker("build", "--build-arg", "VERSION=2", "-t", APP + ":two",
                project.toString()).ok();
        assertTrue(changed.out().contains("cache miss: COPY greet.sh ./ — app/greet.sh mode 0755→0750"),
                changed.out());
        assertTrue(changed.out().contains("cache miss: RUN echo \"built v$VERSION\" > built.txt && echo to-stderr"
                + " >&2 — parent changed at Step 5/7"), changed.out());
        assertEquals("hello from /app, built v2", docker("run", "--rm", APP + ":two").ok().trimmed());
    }

    /**
     * A build trusts its cache hits until it uses them (CacheHits): an image removed just before the build (its
     * deletion event may not have reached build-service yet) is built again, never answered as the result.
     */
    @Test
    void anImageRemovedRightBeforeTheBuildIsBuiltAgain() throws Exception {
        Path project = project("gone", "FROM BASE\nRUN echo made > /made\nCMD [\"cat\", \"/made\"]\n");
        for (int round = 0; round < 3; round++) {
            docker("build", "-t", APP + ":gone", project.toString()).ok();
            docker("rmi", APP + ":gone").ok(); // the image and its untagged parent go
            DockerCli.Result again = docker("build", "-t", APP + ":gone", project.toString()).ok();
            assertTrue(again.out().contains("Successfully tagged " + APP + ":gone"), again.out());
            assertEquals("made", docker("run", "--rm", APP + ":gone").ok().trimmed());
        }
    }

    @Test
    void workdirMakesWhatIsMissingAsDockerdAndKeepsWhatIsThere() throws Exception {
        Path project = project("workdir", "FROM BASE\nRUN mkdir -m 700 /kept && ln -s /kept /link\n"
                + "WORKDIR /link/a/b\nWORKDIR /kept\nWORKDIR /tmp\n");
        DockerCli.Result built = docker("build", "-t", APP + ":workdir", project.toString()).ok();
        assertEquals(0, built.exit(), built.out() + built.err());
        assertEquals("700 0:0 755 0:0 755 /tmp", docker("run", "--rm", APP + ":workdir", "sh", "-c",
                "stat -c '%a %u:%g' /kept | tr '\\n' ' '; stat -c '%a %u:%g' /kept/a/b | tr '\\n' ' '; "
                        + "stat -c %a /kept/a | tr '\\n' ' '; pwd").ok().trimmed(),
                "the symlink was followed inside the image, the new directories are 0755 root, /kept keeps 0700");
        List<String> sizes = List.of(docker("history", "--format", "{{.Size}}", APP + ":workdir").ok().out()
                .strip().split("\n"));
        assertEquals("0B", sizes.get(0), "WORKDIR of a directory that exists changes the config only: " + sizes);

        Path notDir = project("workdir-file", "FROM BASE\nWORKDIR /etc/passwd/x\n");
        DockerCli.Result failed = docker("build", notDir.toString());
        assertTrue(failed.exit() != 0 && failed.err().contains("mkdir /etc/passwd/x: not a directory"),
                failed.out() + failed.err());
        assertEquals("", docker("ps", "-aq", "--filter", "label=dev.berth.build-step").ok().trimmed());
    }

    @Test
    void aFailingRunEndsTheBuildWithItsExitCodeAndLeavesNothing() throws Exception {
        Path project = project("fail", "FROM BASE\nRUN echo before && exit 3\n");
        DockerCli.Result failed = docker("build", "-t", APP + ":fail", project.toString());
        assertEquals(3, failed.exit(), failed.out() + failed.err());
        assertTrue(failed.err().contains("The command '/bin/sh -c echo before && exit 3' returned a non-zero"
                + " code: 3"), failed.err());
        assertEquals("", docker("ps", "-aq", "--filter", "label=dev.berth.build-step").ok().trimmed());
        assertFalse(docker("image", "inspect", APP + ":fail").exit() == 0);
    }

    @Test
    void errorsBeforeTheBuildAreDockerErrors() throws Exception {
        Path unknown = project("unknown", "FROM BASE\nFOO bar\n");
        DockerCli.Result result = docker("build", unknown.toString());
        assertEquals(1, result.exit());
        assertTrue(result.err().contains("dockerfile parse error on line 2: unknown instruction: FOO"),
                result.err());
        Path missingTarget = project("target-missing", "FROM BASE AS one\n");
        assertTrue(docker("build", "--target", "two", missingTarget.toString()).err()
                .contains("target stage \"two\" could not be found"));
    }

    @Test
    void targetStopsAtTheNamedStage() throws Exception {
        Path project = project("stages", """
                FROM BASE AS one
                RUN echo one > /stage
                FROM one AS two
                RUN echo two > /stage
                """);
        docker("build", "--target", "one", "-t", APP + ":target", project.toString()).ok();
        assertEquals("one", docker("run", "--rm", APP + ":target", "cat", "/stage").ok().trimmed());
    }

    @Test
    void multiStageCopyFromAStageAddOfALocalArchiveAndHeredocs() throws Exception {
        Path project = project("multi", """
                FROM BASE AS build
                RUN mkdir -p /out/bin && echo compiled > /out/bin/app
                FROM BASE
                COPY --from=build /out /opt/
                ADD bundle.tar.gz /srv/
                COPY <<EOF /etc/motd
                welcome
                EOF
                RUN <<EOF
                echo first > /steps
                echo second >> /steps
                EOF
                """);
        Path bundleDir = Files.createDirectories(dir.resolve("bundle-src/inner"));
        Files.writeString(bundleDir.resolve("data.txt"), "from the archive");
        Process tar = new ProcessBuilder("tar", "-czf", project.resolve("bundle.tar.gz").toString(), "-C",
                dir.resolve("bundle-src").toString(), "inner").start();
        assertEquals(0, tar.waitFor());
        docker("build", "-t", APP + ":multi", project.toString()).ok();
        assertEquals("compiled|from the archive|welcome|first second", docker("run", "--rm", APP + ":multi", "sh",
                "-c", "echo $(cat /opt/bin/app)'|'$(cat /srv/inner/data.txt)'|'$(cat /etc/motd)'|'$(cat /steps)")
                .ok().trimmed());
    }

    @Test
    void aStageNothingNeedsIsNotBuilt() throws Exception {
        Path project = project("skip", """
                FROM BASE AS broken
                RUN echo this stage would fail && exit 9
                FROM BASE AS wanted
                RUN echo wanted > /wanted
                FROM BASE
                COPY --from=wanted /wanted /copied
                CMD ["cat", "/copied"]
                """);
        DockerCli.Result result = docker("build", "-t", APP + ":skip", project.toString()).ok();
        assertFalse(result.out().contains("would fail"), result.out());
        assertTrue(result.out().contains("Step 1/5 : FROM " + BASE + " AS wanted"), result.out());
        assertEquals("wanted", docker("run", "--rm", APP + ":skip").ok().trimmed());
    }

    @Test
    void composeBuildsWithArgs() throws Exception {
        Path compose = Files.createDirectories(dir.resolve("compose"));
        Path app = Files.createDirectories(compose.resolve("app"));
        Files.writeString(app.resolve("Dockerfile"), "FROM " + BASE + "\nARG MSG=unset\nRUN echo \"$MSG\" > /msg\n"
                + "CMD [\"cat\", \"/msg\"]\n");
        Files.writeString(compose.resolve("docker-compose.yml"), "version: \"3\"\nservices:\n  web:\n    build:\n"
                + "      context: ./app\n      args:\n        MSG: hello-compose\n    image: " + APP + "-compose\n");
        DockerCli.compose(compose, "build").ok();
        assertEquals("hello-compose", docker("run", "--rm", APP + "-compose").ok().trimmed());
    }

    @Test
    void dockerignoreThatExcludesTheBuildFilesTakesThemOutOfTheContext() throws Exception {
        Path project = project("ignore", "FROM BASE\nCOPY . /ctx/\nRUN echo in-context: $(ls -A /ctx)\n");
        Files.writeString(project.resolve(".dockerignore"), "Dockerfile\n.dockerignore\nsecret.txt\n");
        Files.writeString(project.resolve("secret.txt"), "not for the image");
        Files.writeString(project.resolve("app.txt"), "app");
        DockerCli.Result result = docker("build", "--no-cache", project.toString()).ok();
        assertTrue(result.out().contains("\nin-context: app.txt\n"), result.out());
    }
}
