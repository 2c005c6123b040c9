package dev.berth.build.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.dockerfile.Command;
import dev.berth.build.dockerfile.DockerfileException;
import dev.berth.build.dockerfile.ShellLexer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StageStateTest {
    private static final ImageSettings BUSYBOX = ImageSettings.EMPTY
            .withEnv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").withCmd(List.of("sh"));

    private static List<PlannedStep> steps(String dockerfile, Map<String, String> buildArgs) {
        return steps(dockerfile, new BuildArgs(buildArgs));
    }

    private static List<PlannedStep> steps(String dockerfile, BuildArgs buildArgs) {
        BuildPlan plan = BuildPlan.parse(dockerfile);
        StageState state = new StageState(BUSYBOX, new ShellLexer('\\'), buildArgs, Map.of("GLOBAL", "g"),
                Map.of());
        List<PlannedStep> steps = new ArrayList<>();
        for (Command command : plan.stages().get(0).commands()) {
            steps.add(state.plan(command));
        }
        return steps;
    }

    @Test
    void envSeesValuesFromBeforeTheInstruction() {
        List<PlannedStep> steps = steps("FROM busybox\nENV a=hi\nENV a=bye b=$a c=\"two words\"\n", Map.of());
        PlannedStep last = steps.get(1);
        assertEquals(Map.of("PATH", BUSYBOX.envMap().get("PATH"), "a", "bye", "b", "hi", "c", "two words"),
                last.settings().envMap());
        assertEquals("/bin/sh -c #(nop)  ENV a=bye b=hi c=two words",
                assertInstanceOf(PlannedStep.Metadata.class, last).createdBy());
    }

    @Test
    void argsReachRunAsEnvironmentAndHistoryPrefix() {
        BuildArgs given = new BuildArgs(Map.of("VERSION", "1.3", "UNUSED", "x"));
        List<PlannedStep> steps = steps("FROM busybox\nARG VERSION=1.2\nARG GLOBAL\nRUN make v$VERSION\n"
                + "ENV GLOBAL=env-wins\nRUN make\n", given);
        PlannedStep.Run run = assertInstanceOf(PlannedStep.Run.class, steps.get(2));
        assertEquals("|2 GLOBAL=g VERSION=1.3 /bin/sh -c make v$VERSION", run.createdBy());
        assertEquals(List.of("/bin/sh", "-c", "make v$VERSION"), run.argv());
        assertEquals(List.of(BUSYBOX.env().get(0), "GLOBAL=g", "VERSION=1.3"), run.env());
        PlannedStep.Run afterEnv = assertInstanceOf(PlannedStep.Run.class, steps.get(4));
        assertEquals("|1 VERSION=1.3 /bin/sh -c make", afterEnv.createdBy());
        assertEquals(Set.of("UNUSED"), given.unconsumed());
        assertEquals("/bin/sh -c #(nop)  ARG VERSION=1.2",
                assertInstanceOf(PlannedStep.Metadata.class, steps.get(0)).createdBy());
    }

    @Test
    void proxyArgsReachRunWithoutDeclarationButNotHistory() {
        PlannedStep.Run run = assertInstanceOf(PlannedStep.Run.class,
                steps("FROM busybox\nRUN wget x\n", Map.of("HTTP_PROXY", "http://proxy:3128")).get(0));
        assertEquals("/bin/sh -c wget x", run.createdBy());
        assertEquals("HTTP_PROXY=http://proxy:3128", run.env().get(run.env().size() - 1));
    }

    @Test
    void cmdEntrypointAndShell() {
        List<PlannedStep> steps = steps("FROM busybox\nENTRYPOINT [\"/app\"]\nCMD echo \"hi\"\n"
                + "SHELL [\"/bin/bash\", \"-c\"]\nCMD run\nENTRYPOINT top\n", Map.of());
        assertNull(steps.get(0).settings().cmd());
        assertEquals(List.of("/bin/sh", "-c", "echo \"hi\""), steps.get(1).settings().cmd());
        assertEquals("/bin/sh -c #(nop)  CMD [\"/bin/sh\" \"-c\" \"echo \\\"hi\\\"\"]",
                assertInstanceOf(PlannedStep.Metadata.class, steps.get(1)).createdBy());
        assertEquals("/bin/bash -c #(nop)  CMD [\"/bin/bash\" \"-c\" \"run\"]",
                assertInstanceOf(PlannedStep.Metadata.class, steps.get(3)).createdBy());
        assertEquals(List.of("/bin/bash", "-c", "run"), steps.get(4).settings().cmd(),
                "a CMD set in this stage survives a later ENTRYPOINT");
        assertEquals(List.of("/bin/bash", "-c", "top"), steps.get(4).settings().entrypoint());
    }

    @Test
    void workdirAndCopyDestinationsResolve() {
        List<PlannedStep> steps = steps("FROM busybox\nWORKDIR /app\nWORKDIR src\nENV D=conf\n"
                + "COPY a.txt $D/\nCOPY a b ./\nCOPY one /abs/file\n", Map.of());
        PlannedStep.Metadata workdir = assertInstanceOf(PlannedStep.Metadata.class, steps.get(1));
        assertEquals("/app/src", workdir.directory());
        assertEquals("/bin/sh -c #(nop)  WORKDIR /app/src", workdir.createdBy());
        assertEquals("/app/src/conf/", assertInstanceOf(PlannedStep.Copy.class, steps.get(3)).destination());
        PlannedStep.Copy two = assertInstanceOf(PlannedStep.Copy.class, steps.get(4));
        assertEquals(List.of("a", "b"), two.sources());
        assertEquals("/app/src/", two.destination());
        PlannedStep.Copy one = assertInstanceOf(PlannedStep.Copy.class, steps.get(5));
        assertEquals("/abs/file", one.destination());
        assertEquals("/bin/sh -c #(nop) COPY file:abc in /abs/file ", one.createdBy(List.of("/bin/sh", "-c"),
                "file:abc"));
        assertThrows(DockerfileException.class, () -> steps("FROM busybox\nCOPY a b /dest\n", Map.of()));
    }

    @Test
    void heredocRunsItsBody() {
        List<PlannedStep> steps = steps("FROM busybox\nRUN <<EOF\necho one\necho two\nEOF\n"
                + "RUN cat <<EOF > /greeting\nhello\nEOF\n", Map.of());
        assertEquals(List.of("/bin/sh", "-c", "echo one\necho two\n"),
                assertInstanceOf(PlannedStep.Run.class, steps.get(0)).argv());
        assertEquals(List.of("/bin/sh", "-c", "cat <<EOF > /greeting\nhello\nEOF\n"),
                assertInstanceOf(PlannedStep.Run.class, steps.get(1)).argv());
    }

    @Test
    void exposeAndLabelsAndVolumes() {
        Map<String, String> none = new HashMap<>();
        List<PlannedStep> steps = steps("FROM busybox\nEXPOSE 8080 53/udp 7000-7001\nLABEL a=b \"c d\"=e\n"
                + "VOLUME [\"/data\", \"/logs\"]\n", none);
        assertEquals("/bin/sh -c #(nop)  EXPOSE 53/udp 7000/tcp 7001/tcp 8080/tcp",
                assertInstanceOf(PlannedStep.Metadata.class, steps.get(0)).createdBy());
        assertEquals(Map.of("a", "b", "c d", "e"), steps.get(1).settings().labels());
        assertEquals("/bin/sh -c #(nop)  VOLUME [/data /logs]",
                assertInstanceOf(PlannedStep.Metadata.class, steps.get(2)).createdBy());
        assertThrows(DockerfileException.class, () -> steps("FROM busybox\nEXPOSE http\n", none));
    }

    @Test
    void aShebangHeredocRunsAsAScriptFileAndOtherHeredocsThroughTheShell() {
        List<PlannedStep> steps = steps("""
                FROM busybox
                RUN <<EOF
                #!/usr/bin/env python3
                print("hi")
                EOF
                RUN <<EOF
                echo plain
                EOF
                """, Map.of());
        PlannedStep.Run script = assertInstanceOf(PlannedStep.Run.class, steps.get(0));
        assertEquals(List.of("/bin/sh", "-c", "/dev/pipes/EOF"), script.argv());
        assertEquals("#!/usr/bin/env python3\nprint(\"hi\")\n", script.script().content());
        assertEquals("/bin/sh -c #!/usr/bin/env python3\nprint(\"hi\")\n", script.createdBy(),
                "history and the cache key keep the script's text");
        PlannedStep.Run plain = assertInstanceOf(PlannedStep.Run.class, steps.get(1));
        assertNull(plain.script());
        assertEquals(List.of("/bin/sh", "-c", "echo plain\n"), plain.argv());
    }

    @Test
    void copyHeredocsExpandVariablesKeepingQuotesUnlessTheDelimiterIsQuoted() {
        List<PlannedStep> steps = steps("""
                FROM busybox
                ARG WHO=world
                COPY <<EOF /a
                hello "$WHO" ${WHO}
                EOF
                COPY <<"EOF" /b
                hello $WHO
                EOF
                """, Map.of());
        assertEquals("hello \"world\" world\n", assertInstanceOf(PlannedStep.Copy.class, steps.get(1))
                .heredocSources().get(0).content());
        assertEquals("hello $WHO\n", assertInstanceOf(PlannedStep.Copy.class, steps.get(2))
                .heredocSources().get(0).content());
    }
}
