package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.node.PsOutput;
import dev.berth.runtime.service.ContainerNode;
import dev.berth.runtime.store.ContainerEvents;
import dev.berth.runtime.store.ContainerLookup;
import dev.berth.runtime.store.ContainerTx;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** docker top and resize: requests about a running container's processes. */
@ApplicationScoped
public class ContainerProcesses {
    @Inject
    ContainerTx db;
    @Inject
    ContainerLookup lookup;
    @Inject
    ContainerEvents events;
    @Inject
    ContainerNode node;

    /** docker top: the container's processes from the host's ps, filtered by the container's cgroup. */
    public Uni<Map<String, Object>> top(String ref, String psArgs) {
        return lookup.findAllowing(ref, Verb.TOP).chain(c -> {
            return db.blocking(() -> {
                Set<Integer> pids = node.cgroupPids(c.id);
                List<String> argv = new ArrayList<>();
                argv.add("ps");
                String args = psArgs == null || psArgs.isBlank() ? "-ef" : psArgs;
                argv.addAll(List.of(args.trim().split("\\s+")));
                ProcessRunner.Result r = node.runHost(argv);
                if (!r.ok()) {
                    throw BerthException.internal("Error running ps: " + r.stderr().strip() + " " + r.stdout().strip(), null);
                }
                return PsOutput.parse(r.stdout(), pids);
            });
        });
    }

    /** The TTY's size. */
    public Uni<Void> resize(String ref, int h, int w) {
        return lookup.findAllowing(ref, Verb.RESIZE).chain(c -> {
            return db.blocking(() -> {
                node.resize(c.id, h, w);
                return null;
            }).chain(() -> events.record(c.id, "resize", Map.of("height", Integer.toString(h),
                    "width", Integer.toString(w))));
        }).replaceWithVoid();
    }
}
