package dev.berth.build.run;

import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.dockerfile.Command;
import dev.berth.build.dockerfile.Stage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The stages a target needs, as BuildKit works them out: the target, and every earlier stage it builds FROM or
 * copies {@code --from}, followed transitively. Stages nothing needs are not built (the legacy builder builds every
 * stage up to the target).
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
            plan.stageNamed(expand.apply(stage.from().image()), stage.index()).ifPresent(pending::push);
            for (Command command : stage.commands()) {
                if (command instanceof Command.Copy copy && copy.from() != null) {
                    plan.stageNamed(copy.from(), stage.index()).ifPresent(pending::push);
                }
            }
        }
        return plan.stages().subList(0, target.index() + 1).stream().filter(s -> needed[s.index()]).toList();
    }
}
