package dev.berth.runtime.lifecycle;

import dev.berth.runtime.cluster.NodeCandidates;
import dev.berth.runtime.placement.NodeCandidate;
import io.smallrye.mutiny.Uni;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.mounts.ContainerMounts;
import dev.berth.runtime.net.ContainerNetworking;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.service.AttachHub;
import dev.berth.runtime.service.VerbSupport;
import dev.berth.runtime.service.Waiters;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle verbs wired by hand to an {@link InMemoryStore} and a {@link RecordingNode}: no CDI, root or DB.
 * Each {@code @Inject} field of a verb gets the one part here of its type; a field left without one fails the test.
 */
final class Verbs {
    final InMemoryStore store = new InMemoryStore();
    final RecordingNode node;
    final InFlight inFlight = new InFlight();
    final Waiters waiters = new Waiters();
    final List<LifecycleEvent> published = new ArrayList<>();
    final LifecycleEvents lifecycle = new LifecycleEvents() {
        @Override
        public void publish(LifecycleEvent event) {
            synchronized (published) {
                published.add(event);
            }
        }
    };
    final StartContainer start = new StartContainer();
    final StopContainer stop = new StopContainer();
    final PauseContainer pause = new PauseContainer();
    final RecordExit exits = new RecordExit();
    final RemoveContainer remove = new RemoveContainer();
    final AutoRemove autoRemove = new AutoRemove();
    final RestartContainer restart = new RestartContainer();
    final RenameContainer rename = new RenameContainer();
    final CreateContainer create = new CreateContainer();
    final CreateNeighbours neighbours;
    /** The nodes placement sees: this one alone (creates read nothing) unless a test adds. */
    final List<NodeCandidate> nodes = new ArrayList<>(List.of(new NodeCandidate("id-self",
            dev.berth.runtime.node.HostInfo.nodeName(), java.util.Map.of("storage", "ssd"), true, 2, 1L << 32, 0, 0,
            0, java.util.Set.of(), java.util.Set.of(), java.util.Set.of())));
    final PlaceContainer placement = new PlaceContainer("spread");
    /** Creates placed on another node, as "node name": the test's stand-in for that node's API answers an id. */
    final List<String> sentElsewhere = new ArrayList<>();
    final CreateOnNode elsewhere = new CreateOnNode() {
        @Override
        public Uni<String> create(String node, String requestedName, com.fasterxml.jackson.databind.JsonNode request,
                String apiVersion) {
            sentElsewhere.add(node + " " + requestedName);
            return Uni.createFrom().item("e".repeat(64));
        }
    };

    Verbs(Path tmp) throws IOException {
        NodePaths paths = new NodePaths(tmp.resolve("data"), tmp.resolve("run"));
        Files.createDirectories(paths.exits());
        node = new RecordingNode(paths);
        neighbours = new CreateNeighbours(node);
        // unused by these containers: the networking (start only stashes its links), the attach hub (no attach
        // pending) and the mounts (no volumes)
        VerbSupport support = new VerbSupport(store.tx, store.lookup, store.containerEvents, node, waiters);
        List<Object> parts = List.of(support, inFlight, lifecycle, store.tx, store.lookup, store.containerEvents, node,
                neighbours.images, neighbours.mounts, neighbours.networks,
                new AttachHub(), new ContainerNetworking(null, null, null, null, null), new ContainerMounts(),
                start, stop, exits, remove, autoRemove, placement, elsewhere);
        placement.candidates = new NodeCandidates() {
            @Override
            public Uni<List<NodeCandidate>> all() {
                return Uni.createFrom().item(List.copyOf(nodes));
            }
        };
        placement.nodes = new dev.berth.runtime.cluster.NodeDirectory() {
            @Override
            public boolean alone() {
                return nodes.size() == 1;
            }
        };
        for (Object verb : List.of(start, stop, pause, exits, remove, autoRemove, restart, rename, create)) {
            wire(verb, parts);
        }
    }

    private static void wire(Object verb, List<Object> parts) {
        for (Field f : verb.getClass().getDeclaredFields()) {
            if (!f.isAnnotationPresent(Inject.class)) {
                continue;
            }
            Object part = parts.stream().filter(f.getType()::isInstance).findFirst().orElseThrow(
                    () -> new IllegalStateException("no test part for " + verb.getClass().getSimpleName() + "."
                            + f.getName()));
            try {
                f.setAccessible(true);
                f.set(verb, part);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The Docker error a verb's call fails with (a test fails when it does not fail so). */
    static BerthException refusal(Runnable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call::run);
        return assertInstanceOf(BerthException.class, e);
    }

    /** What conmon does when the container's process ends: its exit file. */
    void exitFile(String id, int code) {
        try {
            Files.writeString(node.paths().exitFile(id), Integer.toString(code));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> publishedKinds() {
        synchronized (published) {
            return published.stream().map(e -> e.getClass().getSimpleName()).toList();
        }
    }
}
