package dev.berth.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Docker's Config and HostConfig JSON → {@link ContainerSpec}, strictly: a field of the wrong JSON type is a 400
 * with Go's wording, an absent one its zero value. The same parser reads a create request at the API edge and a
 * stored container's JSON on the node.
 */
public final class ContainerSpecParser {
    private ContainerSpecParser() {
    }

    /** A create request (Config's fields at the top, HostConfig inside). */
    public static ContainerSpec request(JsonNode request) {
        WireObject top = WireObject.of(request, "CreateRequest", "");
        return config(top, host(top.object("HostConfig", "HostConfig")));
    }

    /** A stored container's Config and HostConfig. */
    public static ContainerSpec stored(JsonNode config, JsonNode hostConfig) {
        WireObject c = WireObject.of(config, "Config", "");
        return config(c, hostConfig(hostConfig));
    }

    private static ContainerSpec config(WireObject c, HostSpec host) {
        return new ContainerSpec(process(c), host, healthcheck(c), c.strings("Shell"),
                new StopSpec(c.string("StopSignal"), c.nullableInteger("StopTimeout")),
                c.keys("ExposedPorts", "map[network.Port]struct {}"), c.string("MacAddress"), c.string("Image"));
    }

    /** HostConfig alone (update, exec). */
    public static HostSpec hostConfig(JsonNode hostConfig) {
        return host(WireObject.of(hostConfig, "HostConfig", "HostConfig"));
    }

    /** A RestartPolicy object alone (a stored HostConfig's, an update's). */
    public static RestartSpec restartPolicy(JsonNode policy) {
        return restart(WireObject.of(policy, "RestartPolicy", ""));
    }

    static RestartSpec restart(WireObject p) {
        return new RestartSpec(p.string("Name"), p.integer("MaximumRetryCount"));
    }

    /** Config.Healthcheck, or null when there is none. */
    static HealthcheckSpec healthcheck(WireObject c) {
        if (!c.has("Healthcheck")) {
            return null;
        }
        WireObject hc = c.object("Healthcheck", "HealthConfig");
        return new HealthcheckSpec(hc.strings("Test"), hc.duration("Interval"), hc.duration("Timeout"),
                hc.duration("StartPeriod"), hc.duration("StartInterval"), hc.integer("Retries"));
    }

    static ProcessSpec process(WireObject c) {
        return new ProcessSpec(c.string("Hostname"), c.string("Domainname"), c.string("User"), c.strings("Env"),
                c.string("WorkingDir"), c.bool("Tty"), c.bool("OpenStdin"), c.bool("StdinOnce"));
    }

    static HostSpec host(WireObject hc) {
        Resources resources = new Resources(hc.int64("Memory"), hc.int64("MemorySwap"),
                hc.int64("MemoryReservation"), hc.nullableInt64("MemorySwappiness"), hc.bool("OomKillDisable"),
                hc.int64("NanoCpus"), hc.int64("CpuShares"), hc.int64("CpuPeriod"), hc.int64("CpuQuota"),
                hc.int64("CpuRealtimePeriod"), hc.int64("CpuRealtimeRuntime"), hc.string("CpusetCpus"),
                hc.string("CpusetMems"), hc.nullableInt64("PidsLimit"), hc.integer("OomScoreAdj"),
                hc.int64("ShmSize"));
        Security security = new Security(hc.bool("Privileged"), hc.strings("CapAdd"), hc.strings("CapDrop"),
                hc.strings("SecurityOpt"), hc.bool("ReadonlyRootfs"), hc.bool("Init"), hc.strings("GroupAdd"));
        return new HostSpec(hc.string("NetworkMode"), hc.string("IpcMode"), hc.string("PidMode"),
                hc.string("UTSMode"), resources, security,
                hc.objects("Ulimits", "Ulimit").stream()
                        .map(u -> new Ulimit(u.string("Name"), u.int64("Soft"), u.int64("Hard"))).toList(),
                hc.objects("Devices", "DeviceMapping").stream()
                        .map(d -> new DeviceMapping(d.string("PathOnHost"), d.string("PathInContainer"),
                                d.string("CgroupPermissions"))).toList(),
                hc.stringMap("Sysctls"), hc.stringMap("Tmpfs"), restart(hc.object("RestartPolicy", "RestartPolicy")),
                hc.bool("AutoRemove"), hc.strings("Binds"),
                hc.objects("Mounts", "mount.Mount").stream().map(ContainerSpecParser::mount).toList(),
                hc.strings("VolumesFrom"), hc.strings("Links"), ports(hc));
    }

    static MountSpec mount(WireObject m) {
        WireObject b = m.nullableObject("BindOptions", "mount.BindOptions");
        WireObject v = m.nullableObject("VolumeOptions", "mount.VolumeOptions");
        WireObject t = m.nullableObject("TmpfsOptions", "mount.TmpfsOptions");
        WireObject driver = v == null ? null : v.nullableObject("DriverConfig", "mount.Driver");
        return new MountSpec(m.string("Type", "mount.Type"), m.string("Source"), m.string("Target"),
                m.bool("ReadOnly"),
                b == null ? null : new MountSpec.BindOptions(b.string("Propagation", "mount.Propagation"),
                        b.bool("CreateMountpoint")),
                v == null ? null : new MountSpec.VolumeOptions(v.bool("NoCopy"), v.stringMap("Labels"),
                        v.string("Subpath"), driver == null ? "" : driver.string("Name"),
                        driver == null ? java.util.Map.of() : driver.stringMap("Options")),
                t == null ? null : new MountSpec.TmpfsOptions(t.int64("SizeBytes"), t.unsigned("Mode", "fs.FileMode", 0xFFFFFFFFL)));
    }

    static PortsSpec ports(WireObject hc) {
        java.util.Map<String, java.util.List<PortsSpec.Binding>> bindings = new java.util.LinkedHashMap<>();
        hc.objectListMap("PortBindings", "map[network.Port][]network.PortBinding", "network.PortBinding")
                .forEach((port, list) -> bindings.put(port, list.stream()
                        .map(b -> new PortsSpec.Binding(b.string("HostIp", "netip.Addr"), b.string("HostPort")))
                        .toList()));
        return new PortsSpec(bindings, hc.bool("PublishAllPorts"));
    }
}
