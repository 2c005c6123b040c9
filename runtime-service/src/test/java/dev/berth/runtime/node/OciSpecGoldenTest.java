package dev.berth.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.domain.CreateSpec;
import dev.berth.runtime.spec.ContainerSpec;
import dev.berth.runtime.spec.ContainerSpecParser;
import dev.berth.runtime.spec.ProcessSpec;
import dev.berth.runtime.isolation.IsolationSpec;
import dev.berth.runtime.mounts.MountPoint;
import dev.berth.runtime.mounts.OciMounts;
import dev.berth.runtime.node.oci.OciSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The typed spec for three rich containers (a bridge one with limits, devices, sysctls, tmpfs, ulimits, volumes and
 * binds; a host-network one with all capabilities and no seccomp; one with its own seccomp profile) equals, as a
 * JSON tree, the config.json the map-editing writer produced before (captured in {@code oci/*.golden.json}).
 */
class OciSpecGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"rich-bridge", "host-unconfined", "own-seccomp"})
    void sameAsTheGolden(String name) throws IOException {
        JsonNode in = resource(name + ".input.json");
        assertEquals(resource(name + ".golden.json"), JSON.readTree(JSON.writeValueAsString(spec(in))));
    }

    static OciSpec spec(JsonNode in) {
        String id = in.get("id").asText();
        JsonNode config = in.get("config");
        ContainerSpec spec = ContainerSpecParser.stored(config, in.get("hostConfig"));
        JsonNode f = in.get("facts");
        Path bundle = Path.of("/run/berth-2/containers").resolve(id);
        List<String> argv = new ArrayList<>();
        argv.add(in.get("path").asText());
        in.get("args").forEach(a -> argv.add(a.asText()));
        JsonNode u = in.get("user");
        List<Long> gids = new ArrayList<>();
        u.get("additionalGids").forEach(g -> gids.add(g.asLong()));
        List<String> linkEnv = JSON.convertValue(in.get("linkEnv"), new TypeReference<List<String>>() { });
        List<String> thermal = JSON.convertValue(f.get("thermalThrottlePaths"), new TypeReference<List<String>>() { });
        Map<String, Long> hard = JSON.convertValue(f.get("hardLimits"), new TypeReference<Map<String, Long>>() { });
        IsolationSpec.NodeFacts facts = new IsolationSpec.NodeFacts(f.get("boundingSet").asLong(), hard,
                f.get("cpus").asInt(), Math.min(OciSpecWriter.DEFAULT_NOFILE, f.get("hostNofileHardLimit").asLong()));
        List<MountPoint> mounts = JSON.convertValue(in.get("mounts"), new TypeReference<List<MountPoint>>() { });
        ProcessSpec process = spec.process();
        return OciSpecWriter.spec(new OciSpecWriter.SpecInput(id, process.hostname(), process.domainname(), argv,
                CreateSpec.processEnv(process, linkEnv), process.workingDir(),
                new UserResolver.User(u.get("uid").asInt(), u.get("gid").asInt(), gids), process.tty(),
                bundle.resolve("merged"), spec.host().security().readonlyRootfs(), spec.host().hostNetwork(),
                in.get("netns").isNull() ? null : in.get("netns").asText(), bundle.resolve("hosts"),
                bundle.resolve("resolv.conf"), bundle.resolve("hostname"), thermal, spec.host().hostNamespaces()),
                IsolationSpec.resolve(spec.host(), Seccomp.dockerDefault(f.get("kernelRelease").asText()), facts),
                OciMounts.of(mounts, m -> m.isVolume() ? "/var/lib/berth-2/volumes/" + m.name() + "/_data"
                        : m.source()));
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream s = OciSpecGoldenTest.class.getClassLoader().getResourceAsStream("oci/" + name)) {
            return JSON.readTree(s);
        }
    }
}
