package dev.berth.build.run;

import dev.berth.build.cache.StepCache;
import dev.berth.build.context.FileDigests;
import dev.berth.build.dockerfile.ArgDeclaration;
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
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Runs a planned Dockerfile with the legacy builder's stream, top to bottom, each step numbered {@code Step n/M},
 * the image id announced at the end of each stage ({@code aux}); but, as BuildKit, only the stages the target
 * needs, and stages that do not use each other at the same time ({@link StageSchedule}). Build containers left by a
 * failure or a cancel are removed when {@code rm} or {@code forcerm} asks for it.
 */
public final class BuildExecutor {
    private final RuntimeNode node;
    private final ImageStore images;
    private final StepCache cache;
    private final long maxContextBytes;
    private final CacheMounts cacheMounts;

    public BuildExecutor(RuntimeNode node, ImageStore images, StepCache cache, long maxContextBytes,
            CacheMounts cacheMounts) {
        this.node = node;
        this.images = images;
        this.cache = cache;
        this.maxContextBytes = maxContextBytes;
        this.cacheMounts = cacheMounts;
    }

    /**
     * Builds the image and gives it the build's tags.
     *
     * @param contextDigests the digests of the files in {@code context} (remembered per context content)
     * @return the built image's id
     */
    public String build(BuildPlan plan, BuildOptions options, Path context, FileDigests contextDigests, Path scratch,
            BuildOutput out, BuildControl control) throws IOException {
        try {
            try {
                return run(plan, options, context, contextDigests, scratch, out, control, CacheHits.trusting(images));
            } catch (CacheHits.Stale stale) {
                out.stream(stale.getMessage() + ": building again, checking each cached image\n");
                return run(plan, options, context, contextDigests, scratch, out, control,
                        CacheHits.checkingEach(images));
            }
        } finally {
            if (options.remove() || options.forceRemove() || control.cancelled()) {
                for (String id : control.allLive()) {
                    try {
                        node.remove(id);
                    } catch (RuntimeException e) {
                        // best effort: the failure the build reports matters more
                    }
                }
            }
        }
    }

    private String run(BuildPlan plan, BuildOptions options, Path context, FileDigests contextDigests,
            Path scratch, BuildOutput out, BuildControl control, CacheHits hits) throws IOException {
        ShellLexer lexer = new ShellLexer(plan.directives().escape());
        BuildArgs buildArgs = new BuildArgs(options.buildArgs());
        Stage target = plan.target(options.target());
        Map<String, String> globalArgs = new LinkedHashMap<>();
        for (Command.Arg arg : plan.globalArgs()) {
            for (ArgDeclaration declaration : arg.declarations()) {
                String provided = buildArgs.consume(declaration.name());
                String value = declaration.defaultValue() == null ? null
                        : lexer.word(declaration.defaultValue(), globalArgs);
                globalArgs.put(declaration.name(), provided != null ? provided : value);
            }
        }
        Map<String, String> globalValues = new HashMap<>();
        globalArgs.forEach((k, v) -> {
            if (v != null) {
                globalValues.put(k, v);
            }
        });
        UnaryOperator<String> expand = reference -> lexer.word(reference, globalValues);
        List<Stage> stages = NeededStages.of(plan, target, expand);
        List<Command> labels = labelCommands(options.labels());
        int total = plan.globalArgs().size() + labels.size();
        for (Stage stage : stages) {
            total += 1 + stage.commands().size();
        }
        // a step's place: same Dockerfile name, stage and step on the same parent image = the same step, built again
        String identity = options.dockerfile().isEmpty() ? "Dockerfile" : options.dockerfile();
        int number = 0;
        for (Command.Arg arg : plan.globalArgs()) {
            number++;
            out.step(number, total, arg.source().original());
        }
        StageBuilder builder = new StageBuilder(node, images, cache, hits, maxContextBytes, cacheMounts,
                new StageBuilder.Build(plan, options, lexer, buildArgs, globalValues, total, identity, context,
                        contextDigests, scratch));
        String imageId = new StageSchedule(node, plan, stages, expand, out, control).run(number,
                stage -> stage == target ? labels : List.of(), builder::build);
        Set<String> unused = buildArgs.unconsumed();
        if (!unused.isEmpty()) {
            out.stream("[Warning] One or more build-args " + unused.toString().replace(",", "")
                    + " were not consumed\n");
        }
        hits.tag(imageId, options.tags());
        return imageId;
    }

    /** {@code labels} given to the build: one LABEL step at the end of the target stage, keys sorted. */
    private static List<Command> labelCommands(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return List.of();
        }
        StringBuilder line = new StringBuilder("LABEL");
        new TreeMap<>(labels).forEach((k, v) -> line.append(' ').append(quote(k)).append('=').append(quote(v)));
        Instruction instruction = DockerfileParser.parseLine(line.toString(), 0, 0, '\\');
        return List.of(CommandParser.parse(instruction));
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\"";
    }

    /** name and tag of a reference ({@code busybox} → latest; a digest reference keeps its digest as the tag). */
    static String[] splitTag(String reference) {
        int at = reference.indexOf('@');
        if (at >= 0) {
            return new String[] {reference.substring(0, at), reference.substring(at + 1)};
        }
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (colon > slash) {
            return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
        }
        return new String[] {reference, "latest"};
    }

    /** The X-Registry-Auth for one registry out of the build's X-Registry-Config map, or null. */
    static String registryAuth(String registryConfig, String image) {
        if (registryConfig == null || registryConfig.isEmpty()) {
            return null;
        }
        try {
            var configs = ImageConfigJson.JSON.readTree(java.util.Base64.getUrlDecoder().decode(
                    registryConfig.strip().replace('+', '-').replace('/', '_').replace("=", "")));
            String first = image.contains("/") ? image.substring(0, image.indexOf('/')) : "";
            boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
            String registry = hasRegistry ? first : "https://index.docker.io/v1/";
            var auth = configs.path(registry);
            if (auth.isMissingNode() && hasRegistry) {
                auth = configs.path("https://" + registry);
            }
            if (auth.isMissingNode() || !auth.isObject()) {
                return null;
            }
            return java.util.Base64.getUrlEncoder().encodeToString(ImageConfigJson.JSON.writeValueAsBytes(auth));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
