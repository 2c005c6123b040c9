package dev.berth.runtime.lifecycle;

import dev.berth.common.errors.BerthException;
import dev.berth.runtime.domain.ContainerState.Verb;
import dev.berth.runtime.node.ProcessRunner;
import dev.berth.runtime.node.PsOutput;
import dev.berth.runtime.service.VerbSupport;
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
    VerbSupport support;

    /** docker top: the container's processes from the host's ps, filtered by the container's cgroup. */
    public Uni<Map<String, Object>> top(String ref, String psArgs) {
        return support.lookup().findAllowing(ref, Verb.TOP).chain(c -> {
            return support.db().blocking(() -> {
                Set<Integer> pids = support.node().cgroupPids(c.id);
                List<String> argv = new ArrayList<>();
                argv.add("ps");
                String args = psArgs == null || psArgs.isBlank() ? "-ef" : psArgs;
                argv.addAll(List.of(args.trim().split("\\s+")));
                ProcessRunner.Result r = support.node().runHost(argv);
                if (!r.ok()) {
                    throw BerthException.internal("Error running ps: " + r.stderr().strip() + " " + r.stdout().strip(), null);
                }
                return PsOutput.parse(r.stdout(), pids);
            });
        });
    }

    /** The TTY's size. */
    public Uni<Void> resize(String ref, int h, int w) {
        return support.lookup().findAllowing(ref, Verb.RESIZE).chain(c -> {
            return support.db().blocking(() -> {
                support.node().resize(c.id, h, w);
                return null;
            }).chain(() -> support.events().record(c.id, "resize", Map.of("height", Integer.toString(h),
                    "width", Integer.toString(w))));
        }).replaceWithVoid();
    }
}
