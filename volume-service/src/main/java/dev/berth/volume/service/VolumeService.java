package dev.berth.volume.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.volume.domain.LocalDriverOptions;
import dev.berth.volume.domain.Volume;
import dev.berth.volume.domain.VolumeFilters;
import dev.berth.volume.domain.VolumeNames;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Volumes: their records, uses and lifecycle facts. Every method runs its own transaction or session. */
@ApplicationScoped
public class VolumeService {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final String LOCAL = "local";

    @ConfigProperty(name = "berth.data-dir")
    String dataDir;

    public record CreateRequest(String name, String driver, Map<String, String> options, Map<String, String> labels) {
    }

    public record Removed(String name, String volumeId) {
    }

    public Uni<Volume> create(CreateRequest request) {
        String driver = checkDriver(request.driver());
        String name = request.name() == null || request.name().isEmpty() ? VolumeNames.generate()
                : VolumeNames.validate(request.name());
        LocalDriverOptions.validate(request.options());
        return Panache.withTransaction(() -> findOrCreate(name, driver, request.options(), request.labels(), false));
    }

    /**
     * For a container being created: the named volume (created when missing, as {@code docker run -v name:/x}
     * does) or a new anonymous one; reserves the use for that container.
     */
    public Uni<Volume> resolve(String name, String containerId, Map<String, String> options, Map<String, String> labels,
            String driverName) {
        String driver = checkDriver(driverName);
        boolean anonymous = name == null || name.isEmpty();
        String finalName = anonymous ? VolumeNames.generate() : VolumeNames.validate(name);
        LocalDriverOptions.validate(options);
        Map<String, String> allLabels = new TreeMap<>(labels == null ? Map.of() : labels);
        if (anonymous) {
            allLabels.put(Volume.ANONYMOUS_LABEL, "");
        }
        return Panache.withTransaction(() -> findOrCreate(finalName, driver, options, allLabels, anonymous)
                .call(v -> containerId == null || containerId.isEmpty() ? Uni.createFrom().voidItem()
                        : VolumeUses.reserve(v.name, containerId)));
    }

    /**
     * The container is gone (removed, or its create failed), said synchronously by runtime-service so that a
     * {@code volume rm} right after {@code rm} / {@code run --rm} succeeds; with {@code removeAnonymous} its
     * anonymous volumes nobody else uses go too. The container's destroy event says the same later (idempotent).
     */
    public Uni<Void> release(String containerId, boolean removeAnonymous) {
        return Panache.withTransaction(() -> VolumeUses.ofContainer(containerId)
                .call(uses -> VolumeUses.markReleased(containerId))
                .chain(uses -> removeAnonymous
                        ? removeAnonymousUnused(uses.stream().map(VolumeUses.Use::volume).toList())
                        : Uni.createFrom().voidItem()));
    }

    /** After a container is gone with {@code rm -v} / {@code --rm}: its anonymous volumes nobody else uses go. */
    public Uni<Void> removeAnonymousUnused(List<String> names) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String name : names) {
            chain = chain.chain(() -> Volume.<Volume>findById(name).chain(v -> v == null || !v.anonymous
                    ? Uni.createFrom().voidItem()
                    : VolumeUses.usersOf(name).chain(users -> users.isEmpty() ? delete(v).replaceWithVoid()
                            : Uni.createFrom().voidItem())));
        }
        return chain;
    }

    private Uni<Volume> findOrCreate(String name, String driver, Map<String, String> options, Map<String, String> labels,
            boolean anonymous) {
        return Volume.<Volume>findById(name).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            Volume v = new Volume();
            v.name = name;
            v.volumeId = UUID.randomUUID().toString();
            v.driver = driver;
            v.mountpoint = mountpoint(name);
            v.labels = toJson(labels == null ? Map.of() : new TreeMap<>(labels));
            v.options = toJson(options == null ? Map.of() : new TreeMap<>(options));
            v.anonymous = anonymous;
            v.createdAt = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
            return v.<Volume>persistAndFlush().call(() -> VolumeEvents.created(name, driver, v.volumeId));
        });
    }

    public String mountpoint(String name) {
        return Path.of(dataDir, "volumes", name, "_data").toString();
    }

    public Uni<Volume> inspect(String name) {
        return Panache.withSession(() -> Volume.<Volume>findById(name))
                .onItem().ifNull().failWith(() -> BerthException.notFound("get " + name + ": no such volume"));
    }

    public record Listed(List<Volume> volumes, Map<String, List<String>> users) {
    }

    public Uni<Listed> list(VolumeFilters filters) {
        Boolean dangling = filters.flag("dangling");
        return Panache.withSession(() -> Volume.<Volume>listAll().chain(all -> VolumeUses.byVolume().map(users -> {
            List<Volume> out = new ArrayList<>();
            for (Volume v : all) {
                if (!filters.matches(v.name, v.driver, labels(v))) {
                    continue;
                }
                boolean unused = !users.containsKey(v.name);
                if (dangling != null && dangling != unused) {
                    continue;
                }
                out.add(v);
            }
            out.sort((a, b) -> a.name.compareTo(b.name));
            return new Listed(out, users);
        })));
    }

    public Uni<Void> remove(String name, boolean force) {
        return Panache.withTransaction(() -> Volume.<Volume>findById(name).chain(v -> {
            if (v == null) {
                return force ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(BerthException.notFound("get " + name + ": no such volume"));
            }
            return VolumeUses.usersOf(name).chain(users -> {
                if (!users.isEmpty()) {
                    return Uni.createFrom().failure(BerthException.conflict(
                            "remove " + name + ": volume is in use - [" + String.join(", ", users) + "]"));
                }
                return delete(v).replaceWithVoid();
            });
        }));
    }

    /** Unused volumes matching the filters: anonymous ones only unless {@code all=true}. */
    public Uni<List<Removed>> prune(VolumeFilters filters) {
        boolean all = filters.pruneAll();
        return Panache.withTransaction(() -> Volume.<Volume>listAll().chain(volumes -> VolumeUses.byVolume().chain(users -> {
            List<Volume> victims = volumes.stream()
                    .filter(v -> all || v.anonymous)
                    .filter(v -> !users.containsKey(v.name))
                    .filter(v -> filters.matches(v.name, v.driver, labels(v)))
                    .sorted((a, b) -> a.name.compareTo(b.name))
                    .toList();
            Uni<List<Removed>> chain = Uni.createFrom().item(new ArrayList<>());
            for (Volume v : victims) {
                chain = chain.chain(list -> delete(v).map(r -> {
                    list.add(r);
                    return list;
                }));
            }
            return chain;
        })));
    }

    private Uni<Removed> delete(Volume v) {
        Removed removed = new Removed(v.name, v.volumeId);
        return VolumeUses.forgetVolume(v.name)
                // a delete statement, not the entity's remove: concurrent removes of entities share state across
                // sessions in this Hibernate (HR000069, or a remove that never finishes: docs/reliability.md, finding 6)
                .chain(() -> Volume.delete("name", v.name))
                .chain(() -> VolumeEvents.destroyed(v.name, v.driver, v.volumeId))
                .replaceWith(removed);
    }

    private static String checkDriver(String driver) {
        if (driver == null || driver.isEmpty() || driver.equals(LOCAL)) {
            return LOCAL;
        }
        throw BerthException.notFound("error looking up volume plugin " + driver + ": plugin \"" + driver
                + "\" not found");
    }

    public static Map<String, String> labels(Volume v) {
        return fromJson(v.labels);
    }

    public static Map<String, String> options(Volume v) {
        return fromJson(v.options);
    }

    static Map<String, String> fromJson(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (Exception e) {
            return Map.of();
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
