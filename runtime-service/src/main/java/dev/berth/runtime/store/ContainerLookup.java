package dev.berth.runtime.store;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.ContainerState;
import dev.berth.runtime.domain.IdResolver;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Finding containers by id, id prefix or name (404 and ambiguity as dockerd words them, see {@link IdResolver}). */
@ApplicationScoped
public class ContainerLookup {
    private static final String STATE = "select state from container where id = $1";
    private static final String NODE = "select id, name, node from container where id = $1 or name = $2"
            + " or ($3 and id like $4) order by (id = $1 or name = $2) desc limit 3";
    /** What may be an id prefix (Docker's rule, {@link IdResolver}). */
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,63}");

    @Inject
    ContainerTx db;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    public Uni<Container> find(String ref) {
        return db.session(() -> findIn(ref));
    }

    private Uni<Container> findIn(String ref) {
        String name = ref != null && ref.startsWith("/") ? ref.substring(1) : ref;
        return Container.<Container>list("id = ?1 or name = ?2", ref, name).chain(direct -> {
            List<IdResolver.Entry> entries = new ArrayList<>(direct.stream().map(c -> new IdResolver.Entry(c.id, c.name)).toList());
            Uni<List<Container>> prefixed = ref != null && ref.matches("[0-9a-f]{1,63}") && direct.isEmpty()
                    ? Container.<Container>list("id like ?1", ref + "%")
                    : Uni.createFrom().item(List.of());
            return prefixed.map(more -> {
                List<Container> all = new ArrayList<>(direct);
                all.addAll(more);
                more.forEach(c -> entries.add(new IdResolver.Entry(c.id, c.name)));
                String id = IdResolver.resolve(entries, ref);
                return all.stream().filter(c -> c.id.equals(id)).findFirst().orElseThrow();
            });
        });
    }

    /**
     * The container, if its state allows {@code verb} ({@link ContainerState}); otherwise dockerd's refusal. The
     * check before the node work: a verb that then writes the row checks again on the locked row.
     */
    public Uni<Container> findAllowing(String ref, ContainerState.Verb verb) {
        return find(ref).invoke(c -> ContainerState.of(c.state).require(verb, c.id));
    }

    /** The container named {@code name} (no leading slash) or null, in the caller's session or transaction. */
    public Uni<Container> byNameIn(String name) {
        return Container.<Container>find("name", name).firstResult();
    }

    /** The names of all containers, in the caller's session or transaction. */
    public Uni<List<String>> namesIn() {
        return Panache.getSession()
                .chain(s -> s.createQuery("select c.name from Container c", String.class).getResultList());
    }

    /** The ids of all containers. */
    public Uni<List<String>> ids() {
        return db.session(() -> Panache.getSession()
                .chain(s -> s.createQuery("select c.id from Container c", String.class).getResultList()));
    }

    /**
     * The state of container {@code id} (a full id), or null when it is gone: one statement, no session, for a check
     * that needs nothing else of the row (an exec's start).
     */
    public Uni<String> stateOf(String id) {
        return pool.preparedQuery(STATE).execute(io.vertx.mutiny.sqlclient.Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /**
     * The node of the container {@code ref} names (id, name or a unique id prefix: {@link IdResolver}, as {@link #find}),
     * or null when no single container matches (the verb then answers Docker's 404 or its ambiguity itself): one
     * statement, no session. Three rows are enough: an id match, a name match, and two prefixes tell an ambiguity.
     */
    public Uni<String> nodeOf(String ref) {
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        boolean prefix = HEX.matcher(ref).matches();
        return pool.preparedQuery(NODE).execute(io.vertx.mutiny.sqlclient.Tuple.of(ref, name, prefix, ref + "%"))
                .map(rows -> {
                    List<IdResolver.Entry> entries = new ArrayList<>();
                    Map<String, String> nodes = new HashMap<>();
                    for (var row : rows) {
                        entries.add(new IdResolver.Entry(row.getString(0), row.getString(1)));
                        nodes.put(row.getString(0), row.getString(2));
                    }
                    try {
                        return nodes.get(IdResolver.resolve(entries, ref));
                    } catch (BerthException noneOrSeveral) {
                        return null;
                    }
                });
    }

    /** The container's current row, or null when it is gone. */
    public Uni<Container> byId(String id) {
        return db.session(() -> Container.<Container>findById(id));
    }

    public Uni<List<Container>> listAll() {
        return db.session(() -> Container.<Container>listAll());
    }

    /** Containers of node {@code node} the DB believes are running, or being removed. */
    public Uni<List<Container>> runningOrRemoving(String node) {
        return db.session(() -> Container.<Container>list("state in ?1 and node = ?2",
                List.of(Container.RUNNING, Container.PAUSED, Container.RESTARTING, Container.REMOVING), node));
    }
}
