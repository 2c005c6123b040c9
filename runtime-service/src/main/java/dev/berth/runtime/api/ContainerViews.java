package dev.berth.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.json.StrictJson;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerStatus;
import dev.berth.runtime.node.NodePaths;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's JSON shapes for containers (list summary and inspect). */
final class ContainerViews {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'");

    private ContainerViews() {
    }

    static Map<String, Object> summary(Container c, Instant now, NodePaths paths) {
        dev.berth.runtime.net.NetState net = dev.berth.runtime.net.NetState.read(paths.bundle(c.id));
        JsonNode config = tree(c.config);
        JsonNode hostConfig = tree(c.hostConfig);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id);
        m.put("Names", List.of("/" + c.name));
        m.put("Image", c.image);
        m.put("ImageID", c.imageId);
        List<String> args = strings(c.args);
        StringBuilder command = new StringBuilder(c.path);
        args.forEach(a -> command.append(' ').append(a));
        m.put("Command", command.toString());
        m.put("Created", c.createdAt.toEpochSecond());
        m.put("Ports", dev.berth.runtime.net.NetworkViews.summaryPorts(net));
        m.put("Labels", JSON.convertValue(config.path("Labels"), Map.class));
        m.put("State", c.state);
        m.put("Status", status(c, now));
        m.put("HostConfig", Map.of("NetworkMode", hostConfig.path("NetworkMode").asText()));
        m.put("NetworkSettings", Map.of("Networks", dev.berth.runtime.net.NetworkViews.networks(net, hostConfig)));
        m.put("Mounts", dev.berth.runtime.mounts.ContainerMounts.views(c.mounts));
        return m;
    }

    static String status(Container c, Instant now) {
        String status = ContainerStatus.of(c.state, c.exitCode, instant(c.startedAt), instant(c.finishedAt), now);
        String health = dev.berth.runtime.health.HealthState.status(c.health);
        if (Container.RUNNING.equals(c.state) && health != null) {
            status += health.equals("starting") ? " (health: starting)" : " (" + health + ")";
        }
        return status;
    }

    /** ps filter health=: starting, healthy, unhealthy, none. */
    static String health(Container c) {
        String health = dev.berth.runtime.health.HealthState.status(c.health);
        return health == null ? "none" : health;
    }

    static Map<String, Object> inspect(Container c, NodePaths paths) {
        JsonNode config = tree(c.config);
        JsonNode hostConfig = tree(c.hostConfig);
        String bundle = paths.bundle(c.id).toString();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id);
        m.put("Created", time(c.createdAt));
        m.put("Path", c.path);
        m.put("Args", strings(c.args));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", c.state);
        state.put("Running", c.isRunning());
        state.put("Paused", Container.PAUSED.equals(c.state));
        state.put("Restarting", Container.RESTARTING.equals(c.state));
        state.put("OOMKilled", c.oomKilled);
        state.put("Dead", Container.DEAD.equals(c.state));
        state.put("Pid", c.pid);
        state.put("ExitCode", c.exitCode);
        state.put("Error", c.error == null ? "" : c.error);
        state.put("StartedAt", time(c.startedAt));
        state.put("FinishedAt", time(c.finishedAt));
        if (c.health != null) {
            state.put("Health", dev.berth.runtime.health.HealthState.tree(c.health));
        }
        m.put("State", state);
        m.put("Image", c.imageId);
        m.put("ResolvConfPath", bundle + "/resolv.conf");
        m.put("HostnamePath", bundle + "/hostname");
        m.put("HostsPath", bundle + "/hosts");
        m.put("LogPath", dev.berth.runtime.logs.LogOptions.discards(hostConfig.path("LogConfig")) ? ""
                : bundle + "/ctr.log");
        m.put("Name", "/" + c.name);
        m.put("RestartCount", c.restartCount);
        m.put("Driver", "overlay2");
        m.put("Platform", "linux");
        m.put("MountLabel", "");
        m.put("ProcessLabel", "");
        m.put("AppArmorProfile", "");
        m.put("ExecIDs", null);
        m.put("HostConfig", hostConfig);
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("Name", "overlay2");
        List<String> layers = strings(c.layers);
        List<String> lower = new ArrayList<>();
        layers.forEach(l -> lower.add(paths.layers().resolve(l).toString()));
        graph.put("Data", Map.of("LowerDir", String.join(":", lower), "UpperDir", bundle + "/upper",
                "WorkDir", bundle + "/work", "MergedDir", bundle + "/merged"));
        m.put("GraphDriver", graph);
        m.put("Mounts", dev.berth.runtime.mounts.ContainerMounts.views(c.mounts));
        m.put("Config", config);
        m.put("NetworkSettings", dev.berth.runtime.net.NetworkViews.settings(
                dev.berth.runtime.net.NetState.read(paths.bundle(c.id)), hostConfig));
        return m;
    }

    static String time(OffsetDateTime t) {
        return t == null ? ZERO_TIME : RFC3339_NANO.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static JsonNode tree(String json) {
        return StrictJson.tree(json);
    }

    static List<String> strings(String json) {
        return StrictJson.strings(json);
    }
}
