package dev.berth.runtime.mounts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.contract.ResolvedVolume;
import dev.berth.common.contract.VolumeResolveRequest;
import dev.berth.common.errors.BerthException;
import dev.berth.runtime.node.oci.UserMounts;
import dev.berth.common.json.StrictJson;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.spec.HostSpec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A container's mounts, from create to removal. At create: parse Binds/Mounts/Config.Volumes/VolumesFrom, resolve
 * volumes at volume-service (created when missing, anonymous ones new), create the volume and host directories on
 * this node, keep the result with the container and in its bundle ({@code mounts.json}). At start: mount volume
 * filesystems that need it, copy the image's content into empty volumes (first start only), add the bind/tmpfs
 * mounts to the OCI spec.
 */
@ApplicationScoped
public class ContainerMounts implements MountSetup {
    private static final Logger LOG = Logger.getLogger(ContainerMounts.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUNDLE_FILE = "mounts.json";
    private static final String COPIED_UP = "mounts-populated";

    @Inject
    VolumeClient volumes;
    @Inject
    VolumeDirs dirs;
    @Inject
    NodePaths paths;
    @Inject
    ProcessRunner runner;

    // ------------------------------------------------------------------ create

    /**
     * The mounts of the {@code --volumes-from} containers, each {@code name[:ro|:rw]}; {@code mountsOf} gives a
     * container's stored mounts JSON (failing with Docker's 404 when there is no such container).
     */
    @Override
    public Uni<List<MountPoint>> volumesFrom(List<String> volumesFrom, Function<String, Uni<String>> mountsOf) {
        Uni<List<MountPoint>> chain = Uni.createFrom().item(new ArrayList<>());
        for (String spec : volumesFrom) {
            int colon = spec.lastIndexOf(':');
            String ref = colon < 0 ? spec : spec.substring(0, colon);
            String mode = colon < 0 ? "" : spec.substring(colon + 1);
            Boolean readOnly;
            switch (mode) {
                case "" -> readOnly = null;
                case "ro" -> readOnly = true;
                case "rw" -> readOnly = false;
                default -> {
                    return Uni.createFrom().failure(BerthException.invalid("invalid mode: " + mode));
                }
            }
            chain = chain.chain(list -> mountsOf.apply(ref).map(json -> {
                for (MountPoint m : parse(json)) {
                    if (!MountPoint.TMPFS.equals(m.type())) {
                        list.add(m.sharedWith(readOnly));
                    }
                }
                return list;
            }));
        }
        return chain;
    }

    /** Resolves and prepares every mount of a new container (blocking). */
    @Override
    public List<MountPoint> prepare(String containerId, HostSpec host, List<String> configVolumes,
            List<MountPoint> volumesFrom) {
        List<MountRequest> requests = MountPlan.of(volumesFrom, host, configVolumes);
        List<MountPoint> out = new ArrayList<>();
        for (MountRequest r : requests) {
            out.add(switch (r.type()) {
                case MountPoint.VOLUME -> volume(containerId, r);
                case MountPoint.BIND -> bind(r);
                default -> new MountPoint(MountPoint.TMPFS, null, "", r.destination(), null, "", !r.readOnly(), "",
                        null, null, false, false, r.tmpfsOptions());
            });
        }
        return out;
    }

    private MountPoint volume(String containerId, MountRequest r) {
        String name = r.shared() != null ? r.shared().name() : r.source();
        ResolvedVolume v = volumes.resolve(new VolumeResolveRequest(name, containerId, r.driver(), r.driverOpts(),
                r.labels()));
        dirs.ensure(v.name(), v.volumeId(), v.options());
        return new MountPoint(MountPoint.VOLUME, v.name(), dirs.data(v.name()).toString(), r.destination(), v.driver(),
                r.mode(), !r.readOnly(), "", v.volumeId(), v.options().isEmpty() ? null : v.options(), v.anonymous(),
                !r.noCopy(), null);
    }

    private static MountPoint bind(MountRequest r) {
        Path source = Path.of(r.source());
        if (r.createHostPath() && !Files.exists(source)) {
            try {
                Files.createDirectories(source);
            } catch (IOException e) {
                throw BerthException.invalid("error while creating mount source path '" + source + "': "
                        + e.getMessage());
            }
        }
        return new MountPoint(MountPoint.BIND, null, r.source(), r.destination(), null, r.mode(), !r.readOnly(),
                r.propagation(), null, null, false, false, null);
    }

    /** Keeps the mounts in the container's bundle for its starts. */
    @Override
    public void writeBundle(String containerId, List<MountPoint> mounts) {
        try {
            Files.writeString(paths.bundle(containerId).resolve(BUNDLE_FILE), JSON.writeValueAsString(mounts));
        } catch (IOException e) {
            throw BerthException.internal("cannot record the mounts of " + containerId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The container is gone (removed, or its create failed): volume-service hears it now, so a {@code volume rm}
     * right after succeeds; its anonymous volumes go with {@code removeAnonymous}. Best effort: the container's
     * destroy event tells volume-service the same, durably.
     */
    @Override
    public void releaseQuietly(String containerId, boolean removeAnonymous) {
        try {
            volumes.release(containerId, removeAnonymous);
        } catch (RuntimeException e) {
            LOG.warning("cannot release the volumes of " + containerId + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ start

    /** Before the container starts (blocking): volume filesystems, copy-up; returns the OCI mounts. */
    public UserMounts attach(String containerId, Path rootfs) {
        Path bundle = paths.bundle(containerId);
        Path file = bundle.resolve(BUNDLE_FILE);
        if (!Files.exists(file)) {
            return UserMounts.NONE;
        }
        List<MountPoint> mounts;
        try {
            mounts = parse(Files.readString(file));
        } catch (IOException e) {
            throw BerthException.internal("cannot read the mounts of " + containerId + ": " + e.getMessage(), e);
        }
        boolean firstStart = !Files.exists(bundle.resolve(COPIED_UP), LinkOption.NOFOLLOW_LINKS);
        for (MountPoint m : mounts) {
            if (m.isVolume()) {
                dirs.ensure(m.name(), m.volumeId(), m.options());
                dirs.mountIfNeeded(m.name(), m.options());
                if (firstStart && m.copyUp()) {
                    CopyUp.copy(runner, rootfs, m.destination(), dirs.data(m.name()));
                }
            } else if (MountPoint.BIND.equals(m.type()) && !Files.exists(Path.of(m.source()))) {
                throw BerthException.invalid("error while creating mount source path '" + m.source()
                        + "': the host path is gone");
            }
        }
        try {
            Files.writeString(bundle.resolve(COPIED_UP), "");
        } catch (IOException e) {
            throw BerthException.internal("cannot add the mounts of " + containerId + ": " + e.getMessage(), e);
        }
        return OciMounts.of(mounts, m -> m.isVolume() ? dirs.data(m.name()).toString() : m.source());
    }

    // ------------------------------------------------------------------ views and facts

    public static String toJson(List<MountPoint> mounts) {
        try {
            return JSON.writeValueAsString(mounts);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<MountPoint> parse(String json) {
        return StrictJson.read(json, new TypeReference<List<MountPoint>>() { }, List.of());
    }

    public static boolean hasVolumes(String json) {
        return parse(json).stream().anyMatch(MountPoint::isVolume);
    }

    /** {@code docker ps --filter volume=x}: a mount whose volume name or destination is one of the values. */
    public static boolean usesAny(String json, List<String> values) {
        return parse(json).stream().anyMatch(m -> values.contains(m.destination())
                || (m.name() != null && values.contains(m.name())));
    }

    /** Docker's Mounts of container inspect and list. */
    public static List<Map<String, Object>> views(String json) {
        return parse(json).stream().map(MountPoint::view).toList();
    }

    /** For the container create event: the volumes it uses (volume-service learns its users from it). */
    public static List<Map<String, Object>> eventData(String json) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MountPoint m : parse(json)) {
            if (m.isVolume()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("Name", m.name());
                v.put("Destination", m.destination());
                v.put("RW", m.rw());
                v.put("Propagation", m.propagation() == null ? "" : m.propagation());
                out.add(v);
            }
        }
        return out;
    }
}
