package dev.berth.build.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.build.dockerfile.DockerfileException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunMountParserTest {
    private static RunMount parse(String spec) {
        return RunMountParser.parse(spec, value -> value.replace("$DIR", "/expanded"), "/work");
    }

    private static String error(String spec) {
        return assertThrows(DockerfileException.class, () -> parse(spec)).getMessage();
    }

    @Test
    void bindIsTheDefaultTypeAndReadOnly() {
        RunMount m = parse("target=/src");
        assertEquals(RunMount.Type.BIND, m.type());
        assertTrue(m.readOnly());
        assertEquals("", m.source());
        assertNull(m.from());
    }

    @Test
    void cacheAndTmpfsAreWritableByDefaultAndRoTurnsThatOff() {
        assertFalse(parse("type=cache,target=/c").readOnly());
        assertFalse(parse("type=tmpfs,target=/t").readOnly());
        assertTrue(parse("type=cache,target=/c,ro").readOnly());
        assertTrue(parse("type=cache,target=/c,readonly=true").readOnly());
        assertFalse(parse("type=bind,target=/s,rw").readOnly());
        assertFalse(parse("type=bind,target=/s,readwrite=1").readOnly());
    }

    @Test
    void aliasesAndCaseAsBuildKit() {
        RunMount m = parse("TYPE=Cache,dst=/c,src=sub,Id=go,sharing=LOCKED,mode=0700,uid=1000,gid=100");
        assertEquals(RunMount.Type.CACHE, m.type());
        assertEquals("/c", m.target());
        assertEquals("sub", m.source());
        assertEquals("go", m.cacheId());
        assertEquals(RunMount.Sharing.LOCKED, m.sharing());
        assertEquals(0700, m.mode());
        assertEquals(1000, m.uid());
        assertEquals(100, m.gid());
        assertEquals("/d", parse("destination=/d").target());
    }

    @Test
    void aCacheIdDefaultsToTheCleanTargetAndARelativeTargetIsUnderTheWorkdir() {
        assertEquals("/work/cache", parse("type=cache,target=cache/").cacheId());
        assertEquals("/root/.m2", parse("type=cache,target=/root/./.m2").cacheId());
        assertEquals(RunMount.Sharing.SHARED, parse("type=cache,target=/c").sharing());
    }

    @Test
    void valuesAreExpandedAndQuotedFieldsKeepCommas() {
        assertEquals("/expanded/c", parse("type=cache,target=$DIR/c").target());
        assertEquals("/a,b", parse("\"target=/a,b\"").target());
    }

    @Test
    void tmpfsSizeTakesDockerUnits() {
        assertEquals(64L * 1024 * 1024, parse("type=tmpfs,target=/t,size=64m").sizeBytes());
        assertEquals(1024L * 1024 * 1024, parse("type=tmpfs,target=/t,size=1GiB").sizeBytes());
        assertEquals(4096, parse("type=tmpfs,target=/t,size=4096").sizeBytes());
        assertTrue(error("type=tmpfs,target=/t,size=lots").contains("invalid value for size: lots"));
        assertTrue(error("type=cache,target=/t,size=1m").contains("unexpected key 'size' for mount type 'cache'"));
    }

    @Test
    void secretsTakeTheirIdFromSourceIdOrTargetAndGoUnderRunSecrets() {
        RunMount byId = parse("type=secret,id=npmrc");
        assertEquals("npmrc", byId.id());
        assertEquals("/run/secrets/npmrc", byId.target());
        assertFalse(byId.required());
        assertTrue(byId.readOnly());
        assertEquals("token", parse("type=secret,target=/etc/token,required").id());
        assertTrue(parse("type=secret,source=x,required=true").required());
        assertNull(parse("type=secret,id=x,env=TOKEN").target());
        assertEquals("default", parse("type=ssh").id());
    }

    @Test
    void badMountsAreRefusedWithBuildKitsWording() {
        assertTrue(error("type=volume,target=/v").contains("unsupported mount type \"volume\""));
        assertTrue(error("target=/s,colour=red").contains("unexpected key 'colour' in 'colour=red'"));
        assertTrue(error("target=/s,nosuid").contains("invalid field 'nosuid' must be a key=value pair"));
        assertTrue(error("target=/s,required").contains("unexpected key 'required' for mount type 'bind'"));
        assertTrue(error("type=cache,target=/c,sharing=sometimes").contains("unsupported sharing value"));
        assertTrue(error("type=bind,target=/c,sharing=locked").contains("invalid cache sharing set for bind mount"));
        assertTrue(error("type=bind,target=/c,mode=0755").contains("mode not allowed for \"bind\" type mounts"));
        assertTrue(error("type=tmpfs,target=/c,uid=1").contains("uid not allowed for \"tmpfs\" type mounts"));
        assertTrue(error("type=cache,target=/c,mode=9").contains("invalid value 9 for mode"));
        assertTrue(error("type=cache,target=/c,ro=maybe").contains("invalid value for ro: maybe"));
        assertTrue(error("type=cache").contains("needs a target"));
        assertTrue(error("type=cache,target=/").contains("invalid mount target \"/\""));
        assertTrue(error("type=secret").contains("one of source, target required"));
        assertTrue(error("type=secret,id=a,source=b").contains("both source and id can't be set"));
        assertTrue(error("type=secret,id=a,from=s").contains("secret mount should not have a from"));
        assertTrue(error("type=ssh,source=b").contains("ssh does not support source"));
        assertTrue(error("\"target=/a").contains("failed to parse csv mounts"));
    }

    @Test
    void theKeyTextNamesWhatChangesTheStepNotTheSpelling() {
        assertEquals(parse("type=cache,target=/c").keyText(), parse("type=cache,dst=/c,id=/c,rw").keyText());
        assertFalse(parse("type=cache,target=/c").keyText().equals(parse("type=cache,target=/c,id=x").keyText()));
        assertEquals("type=tmpfs,source=,target=/t,ro=false,size=1024".replace("source=,", ""),
                parse("type=tmpfs,target=/t,size=1k").keyText());
    }

    @Test
    void fromIsReadBeforeExpansionForStageDependencies() {
        assertEquals("build", RunMountParser.from("type=bind,from=build,target=/b").orElseThrow());
        assertTrue(RunMountParser.from("type=cache,target=/c").isEmpty());
    }

    @Test
    void stageStatePlansRunMountsWithTheStageVariables() {
        var plan = dev.berth.build.dockerfile.BuildPlan.parse("""
                FROM busybox
                ARG CACHE=/var/cache/app
                WORKDIR /src
                RUN --mount=type=cache,target=$CACHE --mount=target=ctx echo hi
                """);
        StageState state = new StageState(ImageSettings.EMPTY,
                new dev.berth.build.dockerfile.ShellLexer('\\'), new BuildArgs(Map.of()), Map.of(), Map.of());
        PlannedStep step = null;
        for (var command : plan.stages().get(0).commands()) {
            step = state.plan(command);
        }
        List<RunMount> mounts = ((PlannedStep.Run) step).mounts();
        assertEquals("/var/cache/app", mounts.get(0).target());
        assertEquals("/src/ctx", mounts.get(1).target());
    }
}
