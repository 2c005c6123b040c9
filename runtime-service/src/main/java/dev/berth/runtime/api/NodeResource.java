package dev.berth.runtime.api;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.cluster.NodeFilters;
import dev.berth.runtime.cluster.NodeRow;
import dev.berth.runtime.cluster.NodeRows;
import dev.berth.runtime.cluster.NodeView;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /nodes} and {@code GET /nodes/{id}}: the nodes as the Engine API's {@code Node}, from table node;
 * {@code DELETE /nodes/{id}} removes a down node (any node with {@code force}), as swarmkit's RemoveNode.
 */
@Path("/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {
    @Inject
    NodeRows rows;

    @GET
    public Uni<List<Map<String, Object>>> list(@QueryParam("filters") String filters) {
        Predicate<NodeRow> wanted = NodeFilters.parse(filters);
        return rows.all().map(all -> all.stream().filter(wanted).map(NodeView::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<Map<String, Object>> inspect(@PathParam("id") String id) {
        return rows.all().map(all -> NodeView.of(find(all, id)));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> remove(@PathParam("id") String id, @QueryParam("force") @DefaultValue("") String force) {
        boolean forced = force.equals("1") || force.equalsIgnoreCase("true");
        return rows.all().map(all -> find(all, id)).chain(node -> rows.remove(node, forced).map(removed -> {
            if (!removed) {
                throw BerthException.invalid("rpc error: code = FailedPrecondition desc = node " + node.id()
                        + " is not down and can't be removed");
            }
            return Response.ok().build(); // moby: 200 with an empty body
        }));
    }

    /** As moby's getNode: the full id, else the name, else an id prefix; none is 404, several are 400. */
    static NodeRow find(List<NodeRow> nodes, String ref) {
        for (NodeRow n : nodes) {
            if (n.id().equals(ref)) {
                return n;
            }
        }
        List<NodeRow> named = nodes.stream().filter(n -> n.name().equals(ref)).toList();
        List<NodeRow> matches = named.isEmpty() && !ref.isEmpty()
                ? nodes.stream().filter(n -> n.id().startsWith(ref)).toList() : named;
        if (matches.isEmpty()) {
            throw BerthException.notFound("node " + ref + " not found");
        }
        if (matches.size() > 1) {
            throw BerthException.invalid("node " + ref + " is ambiguous (" + matches.size() + " matches found)");
        }
        return matches.get(0);
    }
}
