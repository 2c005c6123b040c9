package dev.berth.build.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A Dockerfile split into its global ARGs (before the first FROM, visible only to FROM lines) and its stages, with
 * the checks dockerd makes before a build starts: an instruction before any FROM, duplicate stage names, an
 * unknown {@code --target}.
 */
public record BuildPlan(Directives directives, List<Command.Arg> globalArgs, List<Stage> stages) {

    public BuildPlan {
        globalArgs = List.copyOf(globalArgs);
        stages = List.copyOf(stages);
    }

    public static BuildPlan of(Dockerfile dockerfile) {
        List<Command.Arg> globalArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Command.From from = null;
        List<Command> body = new ArrayList<>();
        for (Instruction instruction : dockerfile.instructions()) {
            Command command = CommandParser.parse(instruction);
            if (command instanceof Command.From next) {
                if (from != null) {
                    stages.add(new Stage(stages.size(), from.stageName(), from, body));
                    body = new ArrayList<>();
                }
                if (next.stageName() != null && !names.add(next.stageName())) {
                    throw DockerfileException.atLine(instruction.startLine(), "duplicate name " + next.stageName());
                }
                from = next;
            } else if (from == null) {
                if (!(command instanceof Command.Arg arg)) {
                    throw DockerfileException.atLine(instruction.startLine(), "no build stage in current context");
                }
                globalArgs.add(arg);
            } else {
                body.add(command);
            }
        }
        if (from == null) {
            throw new DockerfileException("no build stage in current context");
        }
        stages.add(new Stage(stages.size(), from.stageName(), from, body));
        return new BuildPlan(dockerfile.directives(), globalArgs, stages);
    }

    public static BuildPlan parse(String dockerfileText) {
        return of(DockerfileParser.parse(dockerfileText));
    }

    /** The stage {@code --target} names (the last one when none is given). */
    public Stage target(String target) {
        if (target == null || target.isEmpty()) {
            return stages.get(stages.size() - 1);
        }
        String wanted = target.toLowerCase(Locale.ROOT);
        return stages.stream().filter(s -> wanted.equals(s.name())).findFirst()
                .orElseThrow(() -> new DockerfileException("target stage \"" + target + "\" could not be found"));
    }

    /** The stage before {@code before} that a FROM or COPY --from reference names, if any. */
    public Optional<Stage> stageNamed(String reference, int before) {
        return stages.stream().filter(s -> s.index() < before && s.isNamed(reference)).findFirst();
    }
}
