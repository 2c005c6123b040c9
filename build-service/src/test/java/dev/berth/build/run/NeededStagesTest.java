package dev.berth.build.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.build.dockerfile.BuildPlan;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class NeededStagesTest {
    private static final BuildPlan PLAN = BuildPlan.parse("""
            ARG BASE=deps
            FROM busybox AS deps
            RUN echo deps
            FROM busybox AS docs
            RUN echo docs nobody needs
            FROM ${BASE} AS compile
            RUN echo compile
            FROM busybox AS assets
            RUN echo assets
            FROM busybox
            COPY --from=compile /out /out
            COPY --from=3 /assets /assets
            """);

    private static List<String> needed(String target, UnaryOperator<String> expand) {
        return NeededStages.of(PLAN, PLAN.target(target), expand).stream()
                .map(s -> s.index() + (s.from() == null ? "" : ":" + s.from().stageName())).toList();
    }

    @Test
    void theTargetAndWhatItBuildsFromOrCopiesFromTransitively() {
        assertEquals(List.of("0:deps", "2:compile", "3:assets", "4:null"),
                needed("", r -> r.replace("${BASE}", "deps")));
    }

    @Test
    void anEarlierTargetNeedsOnlyItsOwnChain() {
        assertEquals(List.of("0:deps", "2:compile"), needed("compile", r -> r.replace("${BASE}", "deps")));
        assertEquals(List.of("1:docs"), needed("docs", r -> r));
    }

    @Test
    void aFromThatNamesNoStageIsAnImage() {
        assertEquals(List.of("2:compile"), needed("compile", r -> r.replace("${BASE}", "busybox")));
    }
}
