package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The store seam of the verbs in memory, for unit tests without a database or Vert.x: rows in a map, transactions
 * and node work run synchronously on the caller's thread, Docker events recorded by action.
 */
final class InMemoryStore {
    final Map<String, Container> rows = new ConcurrentHashMap<>();
    final List<String> events = new ArrayList<>();
    final Tx tx = new Tx();
    final Lookup lookup = new Lookup();
    final Events containerEvents = new Events();

    Container add(String id, String name, String state) {
        Container c = new Container();
        c.id = id;
        c.name = name;
        c.image = "busybox";
        c.imageId = "sha256:busybox";
        c.state = state;
        c.config = "{}";
        c.hostConfig = "{}";
        c.args = "[]";
        c.layers = "[]";
        c.path = "sh";
        c.error = "";
        c.mounts = "[]";
        rows.put(id, c);
        return c;
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    final class Tx extends ContainerTx {
        @Override
        public <T> Uni<T> blocking(Callable<T> work) {
            return Uni.createFrom().item(() -> ContainerTx.call(work));
        }

        @Override
        public <T> Uni<T> tx(Supplier<Uni<T>> work) {
            return Uni.createFrom().deferred(work::get);
        }

        @Override
        public <T> Uni<T> session(Supplier<Uni<T>> work) {
            return Uni.createFrom().deferred(work::get);
        }

        @Override
        public Uni<Container> locked(String id) {
            return Uni.createFrom().item(() -> rows.get(id));
        }

        @Override
        public Uni<Void> insertRow(Container c) {
            rows.put(c.id, c);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> deleteRow(String id) {
            rows.remove(id);
            return Uni.createFrom().voidItem();
        }
    }

    final class Lookup extends ContainerLookup {
        @Override
        public Uni<Container> find(String ref) {
            return Uni.createFrom().item(() -> rows.values().stream()
                    .filter(c -> c.id.equals(ref) || c.name.equals(ref)).findFirst()
                    .orElseThrow(() -> BerthException.notFound("No such container: " + ref)));
        }

        @Override
        public Uni<Container> byNameIn(String name) {
            return Uni.createFrom().item(() -> rows.values().stream().filter(c -> c.name.equals(name)).findFirst()
                    .orElse(null));
        }

        @Override
        public Uni<List<String>> namesIn() {
            return Uni.createFrom().item(() -> rows.values().stream().map(c -> c.name).toList());
        }

        @Override
        public Uni<Container> byId(String id) {
            return Uni.createFrom().item(() -> rows.get(id));
        }
    }

    final class Events extends ContainerEvents {
        @Override
        public Uni<Void> append(String action, Container c, Map<String, String> extraAttributes,
                Map<String, Object> extraData) {
            synchronized (InMemoryStore.this) {
                events.add(action);
            }
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> record(String id, String action, Map<String, String> attributes) {
            return append(action, rows.get(id), attributes, Map.of());
        }
    }
}
