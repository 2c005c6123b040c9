package dev.berth.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildPlanTest {

    @Test
    void stagesGlobalArgsAndTargets() {
        BuildPlan plan = BuildPlan.parse("""
                ARG BASE=busybox
                FROM ${BASE} AS Build
                RUN make
                FROM build AS test
                FROM busybox
                COPY --from=build /out /app
                """);
        assertEquals(1, plan.globalArgs().size());
        assertEquals(3, plan.stages().size());
        assertEquals("build", plan.stages().get(0).name());
        assertEquals("${BASE}", plan.stages().get(0).from().image());
        assertEquals(2, plan.target(null).index());
        assertEquals(1, plan.target("TEST").index());
        assertTrue(plan.stageNamed("build", 2).isPresent());
        assertTrue(plan.stageNamed("0", 2).isPresent());
        assertFalse(plan.stageNamed("busybox", 2).isPresent());
        DockerfileException unknown = assertThrows(DockerfileException.class, () -> plan.target("nope"));
        assertEquals("target stage \"nope\" could not be found", unknown.getMessage());
    }

    @Test
    void plannerRefusesWhatDockerdRefuses() {
        assertEquals("dockerfile parse error on line 1: no build stage in current context",
                assertThrows(DockerfileException.class, () -> BuildPlan.parse("RUN true\nFROM a\n")).getMessage());
        assertEquals("dockerfile parse error on line 2: duplicate name x",
                assertThrows(DockerfileException.class, () -> BuildPlan.parse("FROM a AS x\nFROM b AS x\n"))
                        .getMessage());
        assertEquals("dockerfile parse error on line 2: Unknown flag: bogus",
                assertThrows(DockerfileException.class, () -> BuildPlan.parse("FROM a\nRUN --bogus true\n"))
                        .getMessage());
        assertThrows(DockerfileException.class, () -> BuildPlan.parse("FROM a b\n"));
        assertThrows(DockerfileException.class, () -> BuildPlan.parse("FROM a AS 1x\n"));
        assertThrows(DockerfileException.class, () -> BuildPlan.parse("FROM a\nCOPY onlyone\n"));
        assertThrows(DockerfileException.class, () -> BuildPlan.parse("FROM a\nSHELL /bin/bash -c\n"));
        assertThrows(DockerfileException.class, () -> BuildPlan.parse("FROM a\nONBUILD FROM b\n"));
        assertThrows(DockerfileException.class, () -> BuildPlan.parse("FROM a\nRUN [\"a\", 1]\n"));
        assertThrows(DockerfileException.class, () -> BuildPlan.parse("FROM a\nENV ONLYKEY\n"));
        assertThrows(DockerfileException.class, () -> BuildPlan.parse("FROM a\nHEALTHCHECK --interval=xs CMD x\n"));
    }

    @Test
    void commandsAreTyped() {
        List<Command> cmds = BuildPlan.parse("""
                FROM busybox
                RUN ["echo", "exec"]
                RUN ['not', 'json']
                ENV A=1 B="two words"
                ENV LEGACY value with spaces
                ARG V=1 W
                COPY --chmod=755 a b /dest/
                ADD ["with space.txt", "/x"]
                HEALTHCHECK --interval=1m30s --retries=2 CMD curl -f localhost
                HEALTHCHECK NONE
                ONBUILD RUN echo later
                EXPOSE 80/tcp 53/udp
                """).stages().get(0).commands();
        Command.Run exec = assertInstanceOf(Command.Run.class, cmds.get(0));
        assertEquals(List.of("echo", "exec"), exec.command().exec());
        Command.Run shell = assertInstanceOf(Command.Run.class, cmds.get(1));
        assertEquals("['not', 'json']", shell.command().shell());
        assertEquals(List.of("/bin/sh", "-c", "['not', 'json']"), shell.command().argv(List.of("/bin/sh", "-c")));
        Command.Env env = assertInstanceOf(Command.Env.class, cmds.get(2));
        assertEquals(List.of(new KeyValue("A", "1"), new KeyValue("B", "\"two words\"")), env.pairs());
        assertEquals(List.of(new KeyValue("LEGACY", "value with spaces")),
                assertInstanceOf(Command.Env.class, cmds.get(3)).pairs());
        assertEquals(List.of(new ArgDeclaration("V", "1"), new ArgDeclaration("W", null)),
                assertInstanceOf(Command.Arg.class, cmds.get(4)).declarations());
        Command.Copy copy = assertInstanceOf(Command.Copy.class, cmds.get(5));
        assertEquals(List.of("a", "b"), copy.sources());
        assertEquals("/dest/", copy.destination());
        assertEquals("755", copy.chmod());
        Command.Copy add = assertInstanceOf(Command.Copy.class, cmds.get(6));
        assertTrue(add.add());
        assertEquals(List.of("with space.txt"), add.sources());
        Command.Healthcheck check = assertInstanceOf(Command.Healthcheck.class, cmds.get(7));
        assertEquals(List.of("CMD-SHELL", "curl -f localhost"), check.test());
        assertEquals(Duration.ofSeconds(90), check.interval());
        assertEquals(2, check.retries());
        assertEquals(List.of("NONE"), assertInstanceOf(Command.Healthcheck.class, cmds.get(8)).test());
        assertEquals("RUN echo later", assertInstanceOf(Command.OnBuild.class, cmds.get(9)).trigger());
        assertEquals(List.of("80/tcp", "53/udp"), assertInstanceOf(Command.Expose.class, cmds.get(10)).ports());
    }
}
