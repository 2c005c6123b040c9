package dev.berth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Engine API's operations as the swagger file in the test resources (a copy of
 * {@code shared/reference/docker-engine-api}) describes them: method, path, query parameters and, for a JSON body,
 * the leaves of its schema ({@code $ref} and {@code allOf} resolved) down to a few levels.
 */
final class SwaggerOperations {
    static final String RESOURCE = "/docker-engine-api/swagger-v1.55-docker-v29.7.2.yaml";
    private static final int MAX_DEPTH = 3;

    /** A query parameter: its name and swagger type ({@code integer}, {@code boolean}, {@code string}, …). */
    record Param(String name, String type) {
    }

    /** A leaf of a JSON body: its path of property names, swagger type and enum values (empty when none). */
    record Leaf(List<String> path, String type, List<String> enumValues) {
    }

    record Operation(String method, String path, List<String> tags, List<Param> query, boolean jsonBody,
            List<Leaf> bodyLeaves) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final JsonNode definitions;

    private SwaggerOperations(JsonNode root) {
        this.definitions = root.path("definitions");
    }

    static List<Operation> load() throws IOException {
        try (InputStream in = SwaggerOperations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("missing test resource " + RESOURCE);
            }
            JsonNode root = new YAMLMapper().readTree(in);
            return new SwaggerOperations(root).operations(root.path("paths"));
        }
    }

    private List<Operation> operations(JsonNode paths) {
        List<Operation> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!op.getValue().has("responses")) {
                    continue; // path-level "parameters"
                }
                all.add(operation(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), op.getValue()));
            }
        }
        return all;
    }

    private Operation operation(String method, String path, JsonNode op) {
        List<String> tags = new ArrayList<>();
        op.path("tags").forEach(t -> tags.add(t.asText()));
        List<Param> query = new ArrayList<>();
        List<Leaf> leaves = new ArrayList<>();
        boolean json = false;
        for (JsonNode p : op.path("parameters")) {
            if ("query".equals(p.path("in").asText())) {
                query.add(new Param(p.path("name").asText(), p.path("type").asText("string")));
            } else if ("body".equals(p.path("in").asText())) {
                boolean consumesJson = !op.has("consumes");
                for (JsonNode c : op.path("consumes")) {
                    consumesJson |= c.asText().equals("application/json");
                }
                JsonNode schema = resolve(p.path("schema"));
                json = consumesJson && "object".equals(schema.path("type").asText("object"))
                        && !schema.has("format");
                if (json) {
                    collect(schema, new ArrayList<>(), leaves, 0);
                }
            }
        }
        return new Operation(method, path, tags, query, json, leaves);
    }

    private void collect(JsonNode schema, List<String> prefix, List<Leaf> out, int depth) {
        JsonNode props = resolve(schema).path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> prop = it.next();
            JsonNode s = resolve(prop.getValue());
            if (s.path("readOnly").asBoolean(false)) {
                continue;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(prop.getKey());
            String type = s.has("properties") ? "object" : s.path("type").asText("object");
            List<String> enums = new ArrayList<>();
            s.path("enum").forEach(e -> enums.add(e.asText()));
            out.add(new Leaf(List.copyOf(path), type, List.copyOf(enums)));
            if (s.has("properties") && depth + 1 < MAX_DEPTH) {
                collect(s, path, out, depth + 1);
            }
        }
    }

    /** The schema with its {@code $ref} followed and its {@code allOf} parts merged into one. */
    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 10 && s.has("$ref"); i++) {
            s = definitions.path(s.path("$ref").asText().replace("#/definitions/", ""));
        }
        if (!s.has("allOf")) {
            return s;
        }
        ObjectNode merged = YAMLMapper.builder().build().createObjectNode();
        ObjectNode props = merged.putObject("properties");
        merged.put("type", "object");
        for (JsonNode part : s.path("allOf")) {
            JsonNode r = resolve(part);
            r.path("properties").fields().forEachRemaining(e -> props.set(e.getKey(), e.getValue()));
        }
        s.path("properties").fields().forEachRemaining(e -> props.set(e.getKey(), e.getValue()));
        return merged;
    }
}
