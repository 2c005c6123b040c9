package dev.berth.build.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.build.node.RuntimeNode;

/**
 * The runtime node as one queued build uses it: every step container carries the build's id
 * ({@value #LABEL}), so the worker that takes over a build from a lost worker finds and removes the containers
 * that worker left.
 */
final class JobNode extends RuntimeNode {
    static final String LABEL = "dev.berth.build-id";
    private final String buildId;

    JobNode(String runtimeUrl, String buildId) {
        super(runtimeUrl);
        this.buildId = buildId;
    }

    @Override
    public String create(ObjectNode config, String name) {
        config.withObject("/Labels").put(LABEL, buildId);
        return super.create(config, name);
    }

    /** Removes the containers an earlier attempt of this build left; how many there were. */
    int removeLeftovers() {
        int removed = 0;
        for (String id : labelled(LABEL + "=" + buildId)) {
            remove(id);
            removed++;
        }
        return removed;
    }
}
