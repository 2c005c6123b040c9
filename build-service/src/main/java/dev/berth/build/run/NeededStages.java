package dev.berth.build.run;

import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.dockerfile.Command;
import dev.berth.build.dockerfile.Stage;
import dev.berth.build.step.RunMountParser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The stages a target needs, as BuildKit works them out: the target, and every earlier stage it builds FROM,
 * copies {@code --from} or mounts ({@code RUN --mount=from=}), followed transitively. Stages nothing needs are not
 * built (the legacy builder builds every stage up to the target).
 */
final class NeededStages {
    private NeededStages() {
    }

    /** @param expand substitutes the global build args in a FROM reference */
    static List<Stage> of(BuildPlan plan, Stage target, UnaryOperator<String> expand) {
        boolean[] needed = new boolean[target.index() + 1];
        Deque<Stage> pending = new ArrayDeque<>(List.of(target));
        while (!pending.isEmpty()) {
            Stage stage = pending.pop();
            if (needed[stage.index()]) {
                continue;
            }
            needed[stage.index()] = true;
            dependencies(plan, stage, expand).forEach(pending::push);
        }
        return plan.stages().subList(0, target.index() + 1).stream().filter(s -> needed[s.index()]).toList();
    }

    /** The earlier stages one stage uses: FROM, {@code COPY --from}, {@code RUN --mount=...,from=}. */
    static Set<Stage> dependencies(BuildPlan plan, Stage stage, UnaryOperator<String> expand) {
        Set<Stage> used = new LinkedHashSet<>();
        plan.stageNamed(expand.apply(stage.from().image()), stage.index()).ifPresent(used::add);
        for (Command command : stage.commands()) {
            if (command instanceof Command.Copy copy && copy.from() != null) {
                plan.stageNamed(copy.from(), stage.index()).ifPresent(used::add);
            }
            if (command instanceof Command.Run run) {
                for (String mount : run.mounts()) {
                    RunMountParser.from(mount).flatMap(from -> plan.stageNamed(from, stage.index()))
                            .ifPresent(used::add);
                }
            }
        }
        return used;
    }
}
