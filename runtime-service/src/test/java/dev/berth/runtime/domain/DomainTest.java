package dev.berth.runtime.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DomainTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "0123456789ab" + "c".repeat(52);

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void statusStrings() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertEquals("Exited (3) 2 seconds ago", ContainerStatus.of("exited", 3, now.minusSeconds(5),
                now.minusSeconds(2), now));
        assertEquals("Up 3 seconds", ContainerStatus.of("running", 0, now.minusSeconds(3), null, now));
        assertEquals("Up Less than a second", ContainerStatus.of("running", 0, now, null, now));
        assertEquals("Created", ContainerStatus.of("created", 0, null, null, now));
        assertEquals("Exited (0) About a minute ago", ContainerStatus.of("exited", 0, now.minusSeconds(100),
                now.minusSeconds(90), now));
        assertEquals("Removal In Progress", ContainerStatus.of("removing", 0, null, null, now));
        assertEquals("1 second", ContainerStatus.humanDuration(Duration.ofSeconds(1)));
        assertEquals("5 minutes", ContainerStatus.humanDuration(Duration.ofMinutes(5)));
        assertEquals("About an hour", ContainerStatus.humanDuration(Duration.ofMinutes(70)));
        assertEquals("3 hours", ContainerStatus.humanDuration(Duration.ofHours(3)));
        assertEquals("3 days", ContainerStatus.humanDuration(Duration.ofDays(3)));
        assertEquals("3 weeks", ContainerStatus.humanDuration(Duration.ofDays(21)));
    }

    @Test
    void names() {
        assertEquals("web", ContainerNames.validate("/web"));
        assertEquals("a.b-c_d", ContainerNames.validate("a.b-c_d"));
        BerthException e = assertThrows(BerthException.class, () -> ContainerNames.validate("x"));
        assertEquals(ErrorKind.INVALID, e.kind());
        assertThrows(BerthException.class, () -> ContainerNames.validate("-web"));
        assertThrows(BerthException.class, () -> ContainerNames.validate("we b"));
        String generated = ContainerNames.generate(n -> false);
        assertTrue(generated.matches("[a-z]+_[a-z]+"), generated);
        Set<String> taken = Set.of(generated);
        for (int i = 0; i < 50; i++) {
            assertTrue(!ContainerNames.generate(taken::contains).equals(generated) || taken.size() > 1);
        }
        assertTrue(ContainerNames.conflictMessage("x", ID).startsWith("Conflict. The container name \"/x\" is"));
    }

    @Test
    void idResolution() {
        List<IdResolver.Entry> all = List.of(new IdResolver.Entry("abc1" + "0".repeat(60), "web"),
                new IdResolver.Entry("abc2" + "0".repeat(60), "db"),
                new IdResolver.Entry("ffff" + "0".repeat(60), "abc1"));
        assertEquals(all.get(0).id(), IdResolver.resolve(all, all.get(0).id()));
        assertEquals(all.get(1).id(), IdResolver.resolve(all, "db"));
        assertEquals(all.get(1).id(), IdResolver.resolve(all, "/db"));
        assertEquals(all.get(2).id(), IdResolver.resolve(all, "abc1"));
        assertEquals(all.get(1).id(), IdResolver.resolve(all, "abc2"));
        BerthException ambiguous = assertThrows(BerthException.class, () -> IdResolver.resolve(all, "abc"));
        assertEquals(ErrorKind.INVALID, ambiguous.kind());
        assertEquals("Multiple IDs found with provided prefix: abc", ambiguous.getMessage());
        BerthException missing = assertThrows(BerthException.class, () -> IdResolver.resolve(all, "nope"));
        assertEquals(ErrorKind.NOT_FOUND, missing.kind());
        assertEquals("No such container: nope", missing.getMessage());
    }

    @Test
    void entrypointAndCmdRules() throws Exception {
        JsonNode image = json("{'Cmd':['sh'],'Entrypoint':['/entry.sh'],'Env':['PATH=/bin','A=1'],'WorkingDir':'/w',"
                + "'Labels':{'l':'img'}}");
        CreateSpec.Result r = CreateSpec.build(ID, "busybox", json("{'HostConfig':{'NetworkMode':'none'}}"), image);
        assertEquals("/entry.sh", r.path());
        assertEquals(List.of("sh"), r.args());
        r = CreateSpec.build(ID, "busybox", json("{'Cmd':['echo','hi'],'HostConfig':{'NetworkMode':'none'}}"), image);
        assertEquals("/entry.sh", r.path());
        assertEquals(List.of("echo", "hi"), r.args());
        // create's Entrypoint drops the image's Cmd
        r = CreateSpec.build(ID, "busybox", json("{'Entrypoint':['top'],'HostConfig':{'NetworkMode':'none'}}"), image);
        assertEquals("top", r.path());
        assertEquals(List.of(), r.args());
        r = CreateSpec.build(ID, "busybox", json("{'Entrypoint':['top'],'Cmd':['-b'],'HostConfig':{'NetworkMode':'host'}}"),
                image);
        assertEquals(List.of("-b"), r.args());
        // --entrypoint "" resets the image's entrypoint and keeps its Cmd
        r = CreateSpec.build(ID, "busybox", json("{'Entrypoint':[''],'HostConfig':{'NetworkMode':'none'}}"), image);
        assertEquals("sh", r.path());
        assertEquals("/w", r.config().get("WorkingDir").asText());
        assertEquals("0123456789ab", r.config().get("Hostname").asText());
        assertEquals("img", r.config().get("Labels").get("l").asText());
        BerthException none = assertThrows(BerthException.class, () -> CreateSpec.build(ID, "x",
                json("{'HostConfig':{'NetworkMode':'none'}}"), json("{}")));
        assertEquals("No command specified", none.getMessage());
    }

    @Test
    void envMerging() throws Exception {
        JsonNode image = json("{'Cmd':['sh'],'Env':['PATH=/bin','A=1']}");
        CreateSpec.Result r = CreateSpec.build(ID, "busybox",
                json("{'Env':['A=2','B=3'],'Tty':true,'HostConfig':{'NetworkMode':'none'}}"), image);
        // as dockerd keeps Config.Env: the request's entries, then the image's the request does not name
        assertEquals(List.of("A=2", "B=3", "PATH=/bin"), CreateSpec.strings(r.config().get("Env")));
        assertEquals(List.of("PATH=/bin", "HOSTNAME=0123456789ab", "TERM=xterm", "A=2", "B=3"),
                CreateSpec.processEnv(r.config()));
    }

    @Test
    void aBareEnvNameIsKeptInConfigAndUnsetInTheProcess() throws Exception {
        JsonNode image = json("{'Cmd':['sh'],'Env':['PATH=/bin','Foo=image']}");
        CreateSpec.Result r = CreateSpec.build(ID, "busybox",
                json("{'Env':['Foo','Other=one','Blank='],'HostConfig':{'NetworkMode':'none'}}"), image);
        assertEquals(List.of("Foo", "Other=one", "Blank=", "PATH=/bin"), CreateSpec.strings(r.config().get("Env")));
        assertEquals(List.of("PATH=/bin", "HOSTNAME=0123456789ab", "Other=one", "Blank="),
                CreateSpec.processEnv(r.config()));
        CreateSpec.Result imageOnly = CreateSpec.build(ID, "busybox", json("{'HostConfig':{'NetworkMode':'none'}}"),
                image);
        assertEquals(List.of("PATH=/bin", "Foo=image"), CreateSpec.strings(imageOnly.config().get("Env")));
    }

    @Test
    void networkModes() throws Exception {
        assertEquals("none", CreateSpec.networkMode("none"));
        assertEquals("host", CreateSpec.networkMode("host"));
        assertEquals("bridge", CreateSpec.networkMode("default"));
        assertEquals("bridge", CreateSpec.networkMode(""));
        assertEquals("mynet", CreateSpec.networkMode("mynet"));
        assertEquals("container:web", CreateSpec.networkMode("container:web"));
        BerthException e = assertThrows(BerthException.class, () -> CreateSpec.networkMode("container:"));
        assertEquals(ErrorKind.INVALID, e.kind());
    }
}
