package dev.berth.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.InvalidJson;
import dev.berth.common.http.ClientApiVersion;
import dev.berth.common.http.NodeHeaders;
import dev.berth.common.json.DockerFilters;
import dev.berth.common.platform.PlatformSpecifier;
import dev.berth.runtime.domain.Container;
import dev.berth.runtime.domain.GoJsonKeys;
import dev.berth.runtime.lifecycle.ContainerProcesses;
import dev.berth.runtime.lifecycle.CreateContainer;
import dev.berth.runtime.lifecycle.CreateOnNode;
import dev.berth.runtime.lifecycle.PauseContainer;
import dev.berth.runtime.lifecycle.RemoveContainer;
import dev.berth.runtime.lifecycle.RenameContainer;
import dev.berth.runtime.lifecycle.RestartContainer;
import dev.berth.runtime.lifecycle.StartContainer;
import dev.berth.runtime.lifecycle.StopContainer;
import dev.berth.runtime.node.NodePaths;
import dev.berth.runtime.spec.ContainerBodyShape;
import dev.berth.runtime.spec.ExecRequest;
import dev.berth.runtime.spec.ExecRequestParser;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The containers part of the Docker Engine API (attach, wait and logs stream: see {@link StreamRoutes}). */
@Path("/containers")
@Produces(MediaType.APPLICATION_JSON)
public class ContainerResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** moby's ExecCreateRequest keys, which dockerd matches case-insensitively (docker-py sends "detachKeys"). */
    private static final GoJsonKeys EXEC_CREATE_KEYS = new GoJsonKeys(List.of("User", "Privileged", "Tty",
            "ConsoleSize", "AttachStdin", "AttachStderr", "AttachStdout", "Detach", "DetachKeys", "Env", "WorkingDir",
            "Cmd"));

    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerProcesses processes;
    @Inject
    ContainerTx db;
    @Inject
    CreateContainer creates;
    @Inject
    PauseContainer pauses;
    @Inject
    RemoveContainer removals;
    @Inject
    RenameContainer renames;
    @Inject
    StartContainer starts;
    @Inject
    StopContainer stops;
    @Inject
    RestartContainer restarts;
    @Inject
    NodePaths paths;
    @Inject
    dev.berth.runtime.cluster.NodeDirectory directory;
    @Inject
    dev.berth.runtime.cluster.NodeHeartbeat heartbeat;
    @Inject
    dev.berth.runtime.service.ExecService execs;
    @Inject
    dev.berth.runtime.prune.ContainerPrune prunes;
    @Inject
    dev.berth.runtime.prune.PruneOtherNodes pruneOthers;
    @Inject
    dev.berth.runtime.rootfs.ContainerSizes sizes;
    @Inject
    dev.berth.runtime.service.ContainerUpdater updater;
    @Inject
    dev.berth.runtime.service.LegacyLinks links;

    @POST
    @Path("{id}/exec")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> exec(@PathParam("id") String id, String body) {
        ExecRequest request;
        try {
            JsonNode json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            EXEC_CREATE_KEYS.canonicalize(json);
            request = ExecRequestParser.create(json);
        } catch (BerthException e) {
            return Uni.createFrom().failure(e);
        } catch (Exception e) {
            return Uni.createFrom().failure(BerthException.invalid("invalid JSON: " + e.getMessage()));
        }
        return execs.create(id, request).map(execId -> Response.status(201).entity(Map.of("Id", execId)).build());
    }

    @POST
    @Path("create")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(@QueryParam("name") String name, @QueryParam("platform") String platform,
            @HeaderParam(ClientApiVersion.HEADER) String apiVersion,
            @HeaderParam(CreateOnNode.PLACED) String placedOn, String body) {
        JsonNode request = requestBody(body);
        ContainerBodyShape.checkCreate(request);
        if (platform != null && !platform.isEmpty() && !ClientApiVersion.lessThan(apiVersion, "1.41")) {
            PlatformSpecifier.parse(platform); // 400 for a malformed one, as dockerd (API 1.41 on)
        }
        return creates.create(name, request, placedOn != null, apiVersion).map(id -> Response.status(201)
                .entity(Map.of("Id", id, "Warnings", List.of())).build());
    }

    @GET
    @Path("json")
    public Uni<List<Map<String, Object>>> list(@QueryParam("all") String all, @QueryParam("limit") Integer limit,
            @QueryParam("size") String size, @QueryParam("filters") String filters) {
        Map<String, List<String>> f = parseFilters(filters);
        for (String st : f.getOrDefault("status", List.of())) {
            if (!List.of("created", "restarting", "running", "removing", "paused", "exited", "dead").contains(st)) {
                return Uni.createFrom().failure(BerthException.invalid("invalid filter 'status=" + st + "'"));
            }
        }
        boolean showAll = truthy(all) || (limit != null && limit > 0) || f.containsKey("status")
                || f.containsKey("exited");
        return lookup.listAll().chain(containers -> {
            Instant now = Instant.now();
            List<Container> selected = new ArrayList<>();
            ContainerOrder order = new ContainerOrder(containers, f);
            for (Container c : containers) {
                if (!showAll && !c.isRunning()) {
                    continue;
                }
                if (matches(c, f) && order.matches(c)) {
                    selected.add(c);
                }
            }
            selected.sort(Comparator.comparing((Container c) -> c.createdAt).reversed());
            List<Container> limited = limit != null && limit > 0 && selected.size() > limit
                    ? selected.subList(0, limit) : selected;
            boolean cluster = directory.othersReady();
            if (!truthy(size)) {
                List<Map<String, Object>> out = new ArrayList<>();
                limited.forEach(c -> out.add(named(ContainerViews.summary(c, now, paths), c, cluster)));
                return Uni.createFrom().item(out);
            }
            return db.blocking(() -> {
                List<Map<String, Object>> out = new ArrayList<>();
                for (Container c : limited) {
                    out.add(withSizes(named(ContainerViews.summary(c, now, paths), c, cluster), c));
                }
                return out;
            });
        });
    }

    @POST
    @Path("prune")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> prune(@QueryParam("filters") String filters,
            @HeaderParam(NodeHeaders.FORWARDED_BY) String passedBy) {
        Uni<Map<String, Object>> here = prunes.prune(parseFilters(filters, List.of("until", "label", "label!")));
        return passedBy != null ? here : here.chain(mine -> pruneOthers.andThe(mine, filters));
    }

    /** Adds SizeRw and SizeRootFs (blocking). */
    Map<String, Object> withSizes(Map<String, Object> summary, Container c) {
        dev.berth.runtime.rootfs.ContainerSizes.Sizes s = sizes.of(c.id, ContainerViews.strings(c.layers));
        summary.put("SizeRw", s.rw());
        summary.put("SizeRootFs", s.rootFs());
        return summary;
    }

    @GET
    @Path("{id}/json")
    public Uni<Map<String, Object>> inspect(@PathParam("id") String id) {
        return lookup.find(id).map(c -> {
            Map<String, Object> view = ContainerViews.inspect(c, paths);
            List<String> execIds = execs.idsOf(c.id);
            view.put("ExecIDs", execIds.isEmpty() ? null : execIds);
            Map<String, Object> node = dev.berth.runtime.cluster.NodeView.ofContainer(c.node, heartbeat.self());
            if (directory.unvouched(c.node)) {
                unknown(view, node);
            }
            view.put("Node", node);
            return view;
        });
    }

    /**
     * While another node is ready, a listed container's name is {@code /<node>/<name>}, as classic swarm listed it;
     * one on a node that does not answer, or was removed, is in state {@code unknown}, "Host Down" (classic swarm's
     * words).
     */
    private Map<String, Object> named(Map<String, Object> summary, Container c, boolean cluster) {
        if (cluster && c.node != null && !c.node.isEmpty()) {
            summary.put("Names", List.of("/" + c.node + "/" + c.name));
        }
        if (directory.unvouched(c.node)) {
            summary.put("State", "unknown");
            summary.put("Status", "Host Down");
        }
        return summary;
    }

    /** Inspect of a container whose node does not answer: its last known state is not vouched for. */
    @SuppressWarnings("unchecked")
    private static void unknown(Map<String, Object> view, Map<String, Object> node) {
        node.put("Status", "down");
        if (view.get("State") instanceof Map<?, ?> state) {
            ((Map<String, Object>) state).put("Status", "unknown");
        }
    }

    @POST
    @Path("{id}/start")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> start(@PathParam("id") String id) {
        return starts.start(id).map(x -> Response.noContent().build());
    }

    @POST
    @Path("{id}/stop")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> stop(@PathParam("id") String id, @QueryParam("t") Integer t,
            @QueryParam("signal") String signal) {
        return stops.stop(id, t, signal).map(stopped -> stopped ? Response.noContent().build()
                : Response.notModified().build());
    }

    @POST
    @Path("{id}/kill")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> kill(@PathParam("id") String id, @QueryParam("signal") String signal) {
        return stops.kill(id, signal).map(x -> Response.noContent().build());
    }

    @POST
    @Path("{id}/restart")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> restart(@PathParam("id") String id, @QueryParam("t") Integer t,
            @QueryParam("signal") String signal) {
        return restarts.restart(id, t, signal).map(x -> Response.noContent().build());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> remove(@PathParam("id") String id, @QueryParam("force") String force,
            @QueryParam("v") String volumes, @QueryParam("link") String link) {
        if (truthy(link)) {
            return lookup.find(id).map(c -> {
                throw dev.berth.runtime.service.LegacyLinks.defaultLinkName();
            });
        }
        return removals.remove(id, truthy(force), truthy(volumes)).map(x -> Response.noContent().build());
    }

    /** {@code docker rm --link parent/alias}; without {@code link=1} such a name is no container. */
    @DELETE
    @Path("{parent}/{alias}")
    public Uni<Response> removeLink(@PathParam("parent") String parent, @PathParam("alias") String alias,
            @QueryParam("link") String link) {
        if (!truthy(link)) {
            return Uni.createFrom().failure(BerthException.notFound("No such container: " + parent + "/" + alias));
        }
        return links.remove(parent, alias).map(x -> Response.noContent().build());
    }

    @POST
    @Path("{id}/update")
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> update(@PathParam("id") String id, String body) {
        JsonNode request = requestBody(body);
        ContainerBodyShape.checkUpdate(request);
        return updater.update(id, request).map(warnings -> Map.of("Warnings", warnings));
    }

    @POST
    @Path("{id}/pause")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> pause(@PathParam("id") String id) {
        return pauses.pause(id).map(x -> Response.noContent().build());
    }

    @POST
    @Path("{id}/unpause")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> unpause(@PathParam("id") String id) {
        return pauses.unpause(id).map(x -> Response.noContent().build());
    }

    @POST
    @Path("{id}/rename")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> rename(@PathParam("id") String id, @QueryParam("name") String name) {
        return renames.rename(id, name).map(x -> Response.noContent().build());
    }

    @GET
    @Path("{id}/top")
    public Uni<Map<String, Object>> top(@PathParam("id") String id, @QueryParam("ps_args") String psArgs) {
        return processes.top(id, psArgs);
    }

    @POST
    @Path("{id}/resize")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> resize(@PathParam("id") String id, @QueryParam("h") Integer h, @QueryParam("w") Integer w) {
        return processes.resize(id, h == null ? 0 : h, w == null ? 0 : w).map(x -> Response.ok().build());
    }

    static boolean truthy(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** The JSON body; an empty object when there is none. Unreadable JSON leaves by {@code JsonBodyErrors}: 400. */
    private static JsonNode requestBody(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw BerthException.invalid(InvalidJson.message(e));
        }
    }

    /** Docker filters: {"k":["v"]} or the legacy {"k":{"v":true}}. */
    static Map<String, List<String>> parseFilters(String filters) {
        return parseFilters(filters, List.of("status", "name", "label", "id", "exited", "ancestor", "network", "before",
                "since", "health", "volume", "publish", "expose", "is-task"));
    }

    static Map<String, List<String>> parseFilters(String filters, List<String> allowed) {
        return new HashMap<>(DockerFilters.parse(filters, Set.copyOf(allowed)));
    }

    static boolean matches(Container c, Map<String, List<String>> f) {
        if (f.containsKey("status") && !f.get("status").contains(c.state)) {
            return false;
        }
        if (f.containsKey("id") && f.get("id").stream().noneMatch(c.id::startsWith)) {
            return false;
        }
        if (f.containsKey("name") && f.get("name").stream().noneMatch(n -> {
            String want = n.startsWith("/") ? n.substring(1) : n;
            try {
                return ("/" + c.name).matches(".*" + want + ".*") || c.name.contains(want);
            } catch (RuntimeException e) {
                return c.name.contains(want);
            }
        })) {
            return false;
        }
        if (f.containsKey("health") && !f.get("health").contains(ContainerViews.health(c))) {
            return false;
        }
        if (f.containsKey("exited")) {
            if (!Container.EXITED.equals(c.state)
                    || f.get("exited").stream().noneMatch(v -> v.equals(Integer.toString(c.exitCode)))) {
                return false;
            }
        }
        if (f.containsKey("ancestor") && f.get("ancestor").stream().noneMatch(a -> a.equals(c.image)
                || c.imageId.equals(a) || c.imageId.startsWith("sha256:" + a))) {
            return false;
        }
        if (f.containsKey("volume") && !dev.berth.runtime.mounts.ContainerMounts.usesAny(c.mounts, f.get("volume"))) {
            return false;
        }
        if (f.containsKey("label")) {
            dev.berth.runtime.spec.ContainerLabels labels = c.labels();
            for (String l : f.get("label")) {
                if (!labels.has(l)) {
                    return false;
                }
            }
        }
        return true;
    }
}
