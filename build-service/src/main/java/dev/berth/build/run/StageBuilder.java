package dev.berth.build.run;

import dev.berth.build.cache.StepCache;
import dev.berth.build.context.FileDigests;
import dev.berth.build.dockerfile.BuildPlan;
import dev.berth.build.dockerfile.Command;
import dev.berth.build.dockerfile.CommandParser;
import dev.berth.build.dockerfile.DockerfileParser;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.ShellLexer;
import dev.berth.build.dockerfile.Stage;
import dev.berth.build.node.ImageStore;
import dev.berth.build.node.RuntimeNode;
import dev.berth.build.step.BuildArgs;
import dev.berth.build.step.ImageSettings;
import dev.berth.build.step.StageState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds one stage of a build: its base (an earlier stage, scratch, or an image pulled when needed), the base's
 * ONBUILD triggers, then its instructions, each numbered {@code Step n/M}, and the stage's image id announced at
 * its end ({@code aux}). Several stages of one build may be built at once, each on its own thread with its own
 * output and control; what they share (the stages built so far, the build args) is safe for that.
 */
final class StageBuilder {
    record Result(String imageId, ImageSettings settings, Map<String, String> args) {
    }

    /** What every stage of one build shares. */
    record Build(BuildPlan plan, BuildOptions options, ShellLexer lexer, BuildArgs buildArgs,
            Map<String, String> globalValues, int total, String identity, Path context,
            FileDigests contextDigests, Path scratch) {
    }

    private final RuntimeNode node;
    private final ImageStore images;
    private final StepCache cache;
    private final CacheHits hits;
    private final long maxContextBytes;
    private final CacheMounts cacheMounts;
    private final Build build;
    private final Map<Integer, Result> results = new ConcurrentHashMap<>();

    StageBuilder(RuntimeNode node, ImageStore images, StepCache cache, CacheHits hits, long maxContextBytes,
            CacheMounts cacheMounts, Build build) {
        this.node = node;
        this.images = images;
        this.cache = cache;
        this.hits = hits;
        this.maxContextBytes = maxContextBytes;
        this.cacheMounts = cacheMounts;
        this.build = build;
    }

    /**
     * @param number the FROM line's step number
     * @param extra commands added at the stage's end (the build's {@code labels}, on the target)
     */
    Result build(Stage stage, int number, List<Command> extra, BuildOutput out, BuildControl control)
            throws IOException {
        BuildPlan plan = build.plan();
        StepRunner steps = new StepRunner(node, images, cache, hits, build.options(), out, build.context(),
                build.contextDigests(), build.scratch(), control.live(),
                from -> plan.stageNamed(from, stage.index()).map(s -> hits.existing(results.get(s.index()).imageId()))
                        .orElseGet(() -> image(from, out).id()), maxContextBytes, cacheMounts);
        control.checkNotCancelled();
        out.step(number, build.total(), stage.from().source().original());
        String reference = build.lexer().word(stage.from().image(), build.globalValues());
        Result base = base(stage, reference, out);
        out.stream(" ---> " + (base.imageId() == null ? "" : ImageIds.shortId(base.imageId())) + "\n");
        StageState state = new StageState(base.settings().withOnBuild(List.of()), build.lexer(), build.buildArgs(),
                build.globalValues(), base.args());
        String imageId = base.imageId();
        List<String> triggers = base.settings().onBuild();
        if (!triggers.isEmpty()) {
            out.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() > 1 ? "s" : "")
                    + "\n");
            for (String trigger : triggers) {
                Instruction line = DockerfileParser.parseLine(trigger, stage.from().source().startLine(),
                        stage.from().source().startLine(), plan.directives().escape());
                Command command = CommandParser.parse(line);
                imageId = steps.execute(state.plan(command), imageId, "ONBUILD " + line.original(),
                        build.identity() + "#" + stage.index() + ":onbuild:" + trigger, "the ONBUILD trigger");
            }
        }
        List<Command> commands = new ArrayList<>(stage.commands());
        commands.addAll(extra);
        int index = 0;
        for (Command command : commands) {
            number++;
            control.checkNotCancelled();
            String label = "Step " + number + "/" + build.total();
            out.step(number, build.total(), command.source().original());
            imageId = steps.execute(state.plan(command), imageId, command.source().original(),
                    build.identity() + "#" + stage.index() + ":" + index++, label);
        }
        if (imageId == null) {
            throw new BuildFailure("No image was generated. Is your Dockerfile empty?", 1);
        }
        out.aux(imageId);
        Result result = new Result(imageId, state.settings(), new LinkedHashMap<>(state.args()));
        results.put(stage.index(), result);
        return result;
    }

    private Result base(Stage stage, String reference, BuildOutput out) {
        var earlier = build.plan().stageNamed(reference, stage.index());
        if (earlier.isPresent()) {
            return results.get(earlier.get().index());
        }
        if (reference.equalsIgnoreCase("scratch")) {
            return new Result(null, ImageSettings.EMPTY, Map.of());
        }
        ImageStore.Found found = image(reference, out);
        return new Result(found.id(), ImageConfigJson.read(found.config()), Map.of());
    }

    /** An image by reference: this machine's copy, or pulled when missing or when the build asks to pull. */
    private ImageStore.Found image(String reference, BuildOutput out) {
        BuildOptions options = build.options();
        ImageStore.Found found = options.pull() ? null : images.inspect(reference);
        if (found == null) {
            String[] nameTag = BuildExecutor.splitTag(reference);
            images.pull(nameTag[0], nameTag[1], BuildExecutor.registryAuth(options.registryConfig(), nameTag[0]),
                    out::progress);
            found = images.inspect(reference);
            if (found == null) {
                throw new BuildFailure("pull access denied for " + reference + ", repository does not exist", 1);
            }
        }
        return found;
    }
}
