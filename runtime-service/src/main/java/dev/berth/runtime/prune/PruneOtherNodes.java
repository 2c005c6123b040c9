package dev.berth.runtime.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.http.NodeHeaders;
import dev.berth.common.http.ServiceCalls;
import dev.berth.runtime.cluster.NodeDirectory;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code docker container prune} across the cluster: the node that receives it prunes its own stopped containers
 * ({@link ContainerPrune}: their files are on it), then asks each other ready node to prune its own (marked
 * {@link NodeHeaders#FORWARDED_BY}, so it does not ask further), and answers with all of them. A node that does not
 * answer keeps its containers until the next prune reaches it.
 */
@ApplicationScoped
public class PruneOtherNodes {
    private static final Logger LOG = Logger.getLogger(PruneOtherNodes.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Inject
    NodeDirectory nodes;
    @Inject
    ContainerTx db;

    private final HttpClient http = ServiceCalls.client(Duration.ofSeconds(3));

    /** {@code here}: this node's report; {@code filters}: the request's, as it came. */
    public Uni<Map<String, Object>> andThe(Map<String, Object> here, String filters) {
        Map<String, String> others = nodes.readyApis();
        if (others.isEmpty()) {
            return Uni.createFrom().item(here);
        }
        return db.blocking(() -> {
            List<JsonNode> reports = new ArrayList<>();
            others.forEach((name, api) -> ask(name, api, filters, reports));
            return merge(here, reports);
        });
    }

    private void ask(String name, String api, String filters, List<JsonNode> reports) {
        String query = filters == null ? "" : "?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8);
        HttpRequest request = ServiceCalls.request(URI.create(api + "/containers/prune" + query))
                .header(NodeHeaders.FORWARDED_BY, nodes.self()).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> answer = ServiceCalls.send(http, request, "node " + name);
            if (answer.statusCode() == 200) {
                reports.add(JSON.readTree(answer.body()));
            } else {
                LOG.warning("node " + name + " did not prune its containers: " + answer.statusCode() + " "
                        + answer.body());
            }
        } catch (RuntimeException | IOException e) {
            LOG.warning("node " + name + " did not prune its containers: " + e.getMessage());
        }
    }

    /** One report of the nodes' reports: every deleted container, the space of all. */
    static Map<String, Object> merge(Map<String, Object> here, List<JsonNode> others) {
        List<String> deleted = new ArrayList<>();
        Object mine = here.get("ContainersDeleted");
        if (mine instanceof List<?> ids) {
            ids.forEach(id -> deleted.add(String.valueOf(id)));
        }
        long space = ((Number) here.getOrDefault("SpaceReclaimed", 0L)).longValue();
        for (JsonNode report : others) {
            report.path("ContainersDeleted").forEach(id -> deleted.add(id.asText()));
            space += report.path("SpaceReclaimed").asLong(0);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ContainersDeleted", deleted.isEmpty() ? null : deleted);
        out.put("SpaceReclaimed", space);
        return out;
    }
}
