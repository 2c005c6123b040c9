package dev.berth.runtime.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a create asks of the node it lands on, as classic swarm read it: constraints and affinities from the
 * environment ({@code -e constraint:storage==ssd}, {@code -e affinity:container==web}) or from labels
 * ({@code com.docker.swarm.constraints} / {@code com.docker.swarm.affinities}, a JSON array of expressions, as
 * compose files wrote them; and {@code berth.constraint.<key>} with the rest of the expression as its value:
 * {@code --label berth.constraint.storage==ssd}), the memory and CPUs it reserves, the host ports it publishes, and
 * the containers it depends on ({@code --volumes-from}, {@code --link}, {@code --network}, {@code --ipc} or
 * {@code --pid container:x}), which must be on its node.
 */
public record PlacementRequest(List<Expression> constraints, List<Expression> affinities, long memory,
        long nanoCpus, List<String> hostPorts, List<String> dependencies, List<String> volumes) {
    static final String CONSTRAINT_ENV = "constraint:";
    static final String AFFINITY_ENV = "affinity:";
    static final String CONSTRAINTS_LABEL = "com.docker.swarm.constraints";
    static final String AFFINITIES_LABEL = "com.docker.swarm.affinities";
    static final String CONSTRAINT_LABEL_PREFIX = "berth.constraint.";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static PlacementRequest of(List<String> env, Map<String, String> labels, long memory, long nanoCpus,
            List<String> hostPorts) {
        List<Expression> constraints = new ArrayList<>();
        List<Expression> affinities = new ArrayList<>();
        for (String e : env == null ? List.<String>of() : env) {
            if (e.startsWith(CONSTRAINT_ENV)) {
                constraints.add(Expression.parse("constraint", e.substring(CONSTRAINT_ENV.length())));
            } else if (e.startsWith(AFFINITY_ENV)) {
                affinities.add(affinity(e.substring(AFFINITY_ENV.length())));
            }
        }
        Map<String, String> given = labels == null ? Map.of() : labels;
        given.forEach((key, value) -> {
            if (key.equals(CONSTRAINTS_LABEL)) {
                jsonList(key, value).forEach(x -> constraints.add(Expression.parse("constraint", x)));
            } else if (key.equals(AFFINITIES_LABEL)) {
                jsonList(key, value).forEach(x -> affinities.add(affinity(x)));
            } else if (key.startsWith(CONSTRAINT_LABEL_PREFIX)) {
                // a label splits at its first '=': storage==ssd is key ...storage, value =ssd, and storage!=ssd is
                // key ...storage!, value ssd; putting that '=' back gives the expression
                constraints.add(Expression.parse("constraint",
                        key.substring(CONSTRAINT_LABEL_PREFIX.length()) + "=" + value));
            }
        });
        return new PlacementRequest(List.copyOf(constraints), List.copyOf(affinities), memory, nanoCpus,
                List.copyOf(hostPorts == null ? List.of() : hostPorts), List.of());
    }

    /** A request that uses no named volume. */
    public PlacementRequest(List<Expression> constraints, List<Expression> affinities, long memory, long nanoCpus,
            List<String> hostPorts, List<String> dependencies) {
        this(constraints, affinities, memory, nanoCpus, hostPorts, dependencies, List.of());
    }

    /** The same request, depending on these containers (names or ids, a leading slash allowed). */
    public PlacementRequest withDependencies(List<String> containers) {
        return new PlacementRequest(constraints, affinities, memory, nanoCpus, hostPorts,
                containers.stream().map(c -> c.startsWith("/") ? c.substring(1) : c).distinct().toList(), volumes);
    }

    /** The same request, mounting these named volumes (a volume's data is on the nodes whose containers used it). */
    public PlacementRequest withVolumes(List<String> names) {
        return new PlacementRequest(constraints, affinities, memory, nanoCpus, hostPorts, dependencies,
                names.stream().distinct().toList());
    }

    private static Expression affinity(String text) {
        Expression a = Expression.parse("affinity", text);
        if (!a.key().equals("container") && !a.key().equals("image")) {
            throw BerthException.invalid("invalid affinity \"" + text + "\": the key is container or image");
        }
        return a;
    }

    /** Whether the create names any placement expression. */
    public boolean hasExpressions() {
        return !constraints.isEmpty() || !affinities.isEmpty();
    }

    private static List<String> jsonList(String label, String value) {
        try {
            JsonNode node = JSON.readTree(value);
            List<String> out = new ArrayList<>();
            if (node != null && node.isArray()) {
                node.forEach(x -> out.add(x.asText()));
                return out;
            }
        } catch (java.io.IOException e) {
            // below
        }
        throw BerthException.invalid("label " + label + " must be a JSON array of expressions, got " + value);
    }
}
