package dev.berth.runtime.lifecycle;

import dev.berth.runtime.domain.LifecycleEvent;
import dev.berth.runtime.net.ContainerNetworking;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.service.AttachHub;
import dev.berth.runtime.service.Waiters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The lifecycle verbs wired by hand to an {@link InMemoryStore} and a {@link RecordingNode}: no CDI, root or DB. */
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

    Verbs(Path tmp) throws IOException {
        NodePaths paths = new NodePaths(tmp.resolve("data"), tmp.resolve("run"));
        Files.createDirectories(paths.exits());
        node = new RecordingNode(paths);
        start.db = store.tx;
        start.lookup = store.lookup;
        start.events = store.containerEvents;
        start.inFlight = inFlight;
        start.node = node;
        start.attachHub = new AttachHub();
        start.networking = new ContainerNetworking(null, null, null, null, null); // the verb only stashes its links
        start.waiters = waiters;
        start.lifecycle = lifecycle;
        start.exits = exits;
        start.removals = remove;
        stop.db = store.tx;
        stop.lookup = store.lookup;
        stop.events = store.containerEvents;
        stop.inFlight = inFlight;
        stop.node = node;
        stop.waiters = waiters;
        stop.lifecycle = lifecycle;
        pause.db = store.tx;
        pause.lookup = store.lookup;
        pause.events = store.containerEvents;
        pause.node = node;
        exits.db = store.tx;
        exits.events = store.containerEvents;
        exits.inFlight = inFlight;
        exits.node = node;
        exits.waiters = waiters;
        exits.lifecycle = lifecycle;
        exits.removals = remove;
        remove.db = store.tx;
        remove.lookup = store.lookup;
        remove.events = store.containerEvents;
        remove.inFlight = inFlight;
        remove.node = node;
        remove.waiters = waiters;
        remove.lifecycle = lifecycle;
        remove.stops = stop;
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
