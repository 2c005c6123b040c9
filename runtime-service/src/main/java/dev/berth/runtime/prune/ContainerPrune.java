package dev.berth.runtime.prune;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.json.DockerTimestamps;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.lifecycle.RemoveContainer;
import dev.berth.runtime.node.HostInfo;
import dev.berth.runtime.rootfs.ContainerSizes;
import dev.berth.runtime.spec.ContainerLabels;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** docker container prune: removes every stopped container matching the filters ({@code until}, {@code label}, {@code label!}). */
@ApplicationScoped
public class ContainerPrune {
    /** Each node prunes its own containers: another node's files are not on this one (README "Differences"). */
    private final String nodeName = HostInfo.nodeName();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ContainerEvents events;
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerTx db;
    @Inject
    RemoveContainer removals;
    @Inject
    ContainerSizes sizes;

    public Uni<Map<String, Object>> prune(Map<String, List<String>> filters) {
        for (String key : filters.keySet()) {
            if (!List.of("until", "label", "label!").contains(key)) {
                return Uni.createFrom().failure(BerthException.invalid("invalid filter '" + key + "'"));
            }
        }
        Instant until;
        try {
            until = filters.containsKey("until") ? DockerTimestamps.until(filters.get("until").get(0), Instant.now()) : null;
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(BerthException.invalid(e.getMessage()));
        }
        return lookup.listAll().chain(all -> {
            List<Container> victims = new ArrayList<>();
            for (Container c : all) {
                if (c.isRunning() || Container.REMOVING.equals(c.state) || !nodeName.equals(c.node)) {
                    continue;
                }
                if (until != null && !c.createdAt.toInstant().isBefore(until)) {
                    continue;
                }
                if (!labelsMatch(c, filters.getOrDefault("label", List.of()), filters.getOrDefault("label!", List.of()))) {
                    continue;
                }
                victims.add(c);
            }
            List<String> deleted = new ArrayList<>();
            AtomicLong reclaimed = new AtomicLong();
            return Multi.createFrom().iterable(victims).onItem().transformToUniAndConcatenate(c -> db
                    .blocking(() -> sizes.rw(c.id))
                    .chain(size -> removals.remove(c.id, false).invoke(() -> {
                        deleted.add(c.id);
                        reclaimed.addAndGet(size);
                    }))
                    .onFailure().recoverWithNull())
                    .collect().last()
                    .chain(() -> events.recordNodeEvent("prune", Map.of("reclaimed", Long.toString(reclaimed.get()))))
                    .map(x -> {
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("ContainersDeleted", deleted.isEmpty() ? null : deleted);
                        out.put("SpaceReclaimed", reclaimed.get());
                        return out;
                    });
        });
    }

    static boolean labelsMatch(Container c, List<String> want, List<String> notWant) {
        ContainerLabels labels = c.labels();
        return want.stream().allMatch(labels::has) && notWant.stream().noneMatch(labels::has);
    }
}
