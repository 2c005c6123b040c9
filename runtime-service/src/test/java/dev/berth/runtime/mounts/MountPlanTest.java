package dev.berth.runtime.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.node.oci.Mount;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.HostSpec;
import dev.berth.runtime.spec.MountSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    private static HostSpec host(String hostConfig) throws Exception {
        return ContainerSpecParser.hostConfig(json(hostConfig));
    }

    /** One of HostConfig.Mounts, typed as the create request's parser types it. */
    private static MountSpec mount(String m) throws Exception {
        return host("{'Mounts':[" + m + "]}").mounts().get(0);
    }

    @Test
    void bindSpecsFollowMobysLinuxParser() {
        MountRequest named = BindSpecParser.parse("data:/var/lib/mysql");
        assertEquals("volume", named.type());
        assertEquals("data", named.source());
        assertEquals("z", named.mode());
        assertFalse(named.readOnly());

        MountRequest bind = BindSpecParser.parse("/host/src:/app:ro");
        assertEquals("bind", bind.type());
        assertTrue(bind.readOnly());
        assertEquals("rprivate", bind.propagation());
        assertTrue(bind.createHostPath());

        MountRequest anonymous = BindSpecParser.parse("/app/node_modules");
        assertEquals("", anonymous.source());
        assertEquals("/app/node_modules", anonymous.destination());

        assertTrue(BindSpecParser.parse("vol:/x:nocopy").noCopy());
        assertEquals("rshared", BindSpecParser.parse("/h:/x:rshared").propagation());
        assertEquals("/var/www/html", BindSpecParser.parse("/src:/var/www/html:delegated").destination());

        assertEquals("invalid mode: bogus", assertThrows(BerthException.class,
                () -> BindSpecParser.parse("/a:/b:bogus")).getMessage());
        assertEquals("invalid specification: destination can't be '/'", assertThrows(BerthException.class,
                () -> BindSpecParser.parse("/a:/")).getMessage());
        assertTrue(assertThrows(BerthException.class, () -> BindSpecParser.parse("vol:relative")).getMessage()
                .contains("mount path must be absolute"));
        assertThrows(BerthException.class, () -> BindSpecParser.parse("a:b:c:d"));
    }

    @Test
    void bindsReplaceVolumesFromAndImageVolumesBecomeAnonymousUnlessCovered() throws Exception {
        MountPoint shared = new MountPoint("volume", "v1", "/d/v1/_data", "/data", "local", "z", true, "", "id", null,
                false, true, null);
        List<MountRequest> plan = MountPlan.of(List.of(shared),
                host("{'Binds':['/h:/data','/src:/app'],'Tmpfs':{'/run':''}}"),
                List.of("/app/node_modules", "/app", "/run", "/cache/"));
        assertEquals(List.of("/data", "/app", "/app/node_modules", "/cache"),
                plan.stream().map(MountRequest::destination).toList());
        assertEquals("bind", plan.get(0).type(), "the bind replaces the --volumes-from mount");
        assertEquals("", plan.get(2).source(), "anonymous");
    }

    @Test
    void aDestinationTwiceIsDockersError() throws Exception {
        BerthException e = assertThrows(BerthException.class, () -> MountPlan.of(List.of(),
                host("{'Binds':['a1:/x'],'Mounts':[{'Type':'volume','Source':'b1','Target':'/x'}]}"), List.of()));
        assertEquals("Duplicate mount point: /x", e.getMessage());
    }

    @Test
    void mountSpecsValidateAsDocker(@TempDir Path dir) throws Exception {
        BerthException missing = assertThrows(BerthException.class, () -> MountSpecParser.parse(mount("{'Type':'bind','Source':'" + dir.resolve("nope") + "','Target':'/x'}")));
        assertEquals("invalid mount config for type \"bind\": bind source path does not exist: " + dir.resolve("nope"),
                missing.getMessage());
        MountRequest bind = MountSpecParser.parse(mount("{'Type':'bind','Source':'" + dir
                + "','Target':'/x','ReadOnly':true,'BindOptions':{'Propagation':'rslave'}}"));
        assertTrue(bind.readOnly());
        assertEquals("rslave", bind.propagation());
        assertFalse(bind.createHostPath());

        MountRequest volume = MountSpecParser.parse(mount("{'Type':'volume','Target':'/v','VolumeOptions':"
                + "{'NoCopy':true,'Labels':{'a':'b'},'DriverConfig':{'Name':'local','Options':{'type':'tmpfs'}}}}"));
        assertTrue(volume.noCopy());
        assertEquals(Map.of("a", "b"), volume.labels());
        assertEquals(Map.of("type", "tmpfs"), volume.driverOpts());

        MountRequest tmpfs = MountSpecParser.parse(mount(
                "{'Type':'tmpfs','Target':'/t','TmpfsOptions':{'SizeBytes':1048576,'Mode':1023}}"));
        assertEquals("size=1048576,mode=1777", tmpfs.tmpfsOptions());
        assertThrows(BerthException.class, () -> MountSpecParser.parse(mount("{'Type':'nfs','Target':'/t'}")));
        Files.createDirectories(dir);
    }

    @Test
    void ociMountsAreOrderedSoTheMoreSpecificPathWins() {
        MountPoint nodeModules = new MountPoint("volume", "anon", "/v/anon/_data", "/app/node_modules", "local", "",
                true, "", "id", null, true, true, null);
        MountPoint app = new MountPoint("bind", null, "/src", "/app", null, "ro", false, "rprivate", null, null, false,
                false, null);
        List<Mount> entries = OciMounts.of(List.of(nodeModules, app),
                m -> m.isVolume() ? "/v/" + m.name() : m.source()).mounts();
        assertEquals(new Mount("/app", "bind", "/src", List.of("rbind", "rprivate", "ro")), entries.get(0));
        assertEquals("/app/node_modules", entries.get(1).destination());
        assertEquals("/v/anon", entries.get(1).source());
    }

    @Test
    void imagePathsResolveInsideTheRootfs(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("real/data"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/real"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../.."));
        assertEquals(root.resolve("real/data"), CopyUp.resolveInRoot(root, "/abs/data"));
        assertEquals(root, CopyUp.resolveInRoot(root, "/escape"));
        assertEquals(null, CopyUp.resolveInRoot(root, "/missing"));
    }
}
