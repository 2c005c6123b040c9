package dev.berth.runtime.node;

import static dev.berth.runtime.node.TestFifos.noSpares;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.runtime.domain.ContainerJson;
import dev.berth.runtime.node.oci.Process;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecCommandsTest {
    final NodePaths paths = new NodePaths(Path.of("/var/lib/berth"), Path.of("/run/berth"));
    final String cid = "c".repeat(64);
    final String eid = "e".repeat(64);

    @Test
    void execArgvUsesItsOwnDirectoryAndTheFifoPipes() {
        Conmon conmon = new Conmon(new RecordingProcessRunner(), paths, new RecordingKernelFiles(), noSpares(new RecordingProcessRunner()));
        Path dir = paths.bundle(cid).resolve("exec").resolve(eid);
        List<String> argv = conmon.execArgv(new Conmon.ExecOptions(cid, eid, "web", dir, true, false));
        assertEquals("/bin/sh", argv.get(0));
        assertEquals("exec \"$@\" 3>" + dir + "/syncpipe 4>" + dir + "/attachpipe 5<" + dir + "/startpipe >/dev/null",
                argv.get(2));
        String joined = String.join(" ", argv);
        assertTrue(joined.contains("-c " + cid + " -u " + eid + " -n web"), joined);
        assertTrue(joined.contains("-b " + dir + " "), joined);
        assertTrue(joined.contains("--exit-dir " + dir + " "), joined);
        assertTrue(joined.contains("--socket-dir-path /run/berth/runtime/s"), joined);
        assertTrue(joined.contains("--exec --exec-attach --exec-process-spec " + dir + "/process.json"), joined);
        assertTrue(argv.contains("-i"));
        assertFalse(argv.contains("-t"));
        assertFalse(argv.contains("--persist-dir"), "the container's exit file must not be touched");
        assertEquals(Map.of("_OCI_SYNCPIPE", "3", "_OCI_ATTACHPIPE", "4", "_OCI_STARTPIPE", "5"), Conmon.execEnv());
        // the attach socket path stays under the 108-byte sun_path limit
        assertTrue(paths.attachSocket(eid).toString().length() < 108);
    }

    @Test
    void syncMessages() {
        assertEquals(4242, Conmon.syncData("{\"data\": 4242}"));
        assertEquals(-1, Conmon.syncData("{\"data\": -1, \"message\": \"x\"}"));
        assertEquals("exec failed: nope", Conmon.syncMessage(
                "{\"data\": -1, \"message\": \"{\\\"level\\\":\\\"error\\\",\\\"msg\\\":\\\"exec failed: nope\\\"}\"}"));
    }

    @Test
    void processSpecCarriesArgsEnvUserCwdAndTerminal() {
        Process p = ExecSpec.process(new ExecSpec.Input(List.of("sh", "-c", "id"), List.of("A=1"), "",
                new UserResolver.User(1, 2, List.of(3L)), true, OciSpecWriter.DEFAULT_CAPABILITIES, 1024, 30, 100,
                false));
        assertEquals("{\"terminal\":true,\"consoleSize\":{\"height\":30,\"width\":100},"
                + "\"user\":{\"uid\":1,\"gid\":2,\"additionalGids\":[3]},\"args\":[\"sh\",\"-c\",\"id\"],"
                + "\"env\":[\"A=1\"],\"cwd\":\"/\",\"capabilities\":{\"bounding\":[\"CAP_X\"],\"effective\":[\"CAP_X\"],"
                + "\"permitted\":[\"CAP_X\"]},\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],"
                + "\"noNewPrivileges\":false}",
                ContainerJson.toJson(p).replace(capsJson(), "[\"CAP_X\"]"), "process.json as runc reads it");
        Process noTty = ExecSpec.process(new ExecSpec.Input(List.of("true"), List.of(), "/tmp",
                new UserResolver.User(0, 0, List.of()), false, List.of(), 1024, 30, 100, true));
        assertNull(noTty.consoleSize());
        assertEquals("/tmp", noTty.cwd());
        assertTrue(noTty.noNewPrivileges());
        assertFalse(ContainerJson.toJson(noTty).contains("additionalGids"), "no empty additionalGids");
    }

    private static String capsJson() {
        return ContainerJson.toJson(OciSpecWriter.DEFAULT_CAPABILITIES);
    }

    @Test
    void privilegedGetsTheBoundingSet() {
        assertEquals(OciSpecWriter.DEFAULT_CAPABILITIES, ExecSpec.capabilities(false, -1L));
        long bnd = ExecSpec.parseCapBnd(List.of("Name:\tjava", "CapBnd:\t000001ffffffffff"));
        List<String> all = ExecSpec.capabilities(true, bnd);
        assertEquals(41, all.size());
        assertTrue(all.contains("CAP_SYS_ADMIN"));
        // clamped: a node without CAP_SYS_ADMIN (bit 21) does not hand it out
        List<String> clamped = ExecSpec.capabilities(true, bnd & ~(1L << 21));
        assertFalse(clamped.contains("CAP_SYS_ADMIN"));
        assertEquals(40, clamped.size());
    }
}
