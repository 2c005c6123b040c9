package dev.berth.build.run;

import dev.berth.build.cache.MissExplanation;
import dev.berth.build.cache.StepCache;
import dev.berth.build.context.CopyArchive;
import dev.berth.build.context.CopyItem;
import dev.berth.build.context.CopySelection;
import dev.berth.build.context.FileDigests;
import dev.berth.build.dockerfile.Heredoc;
import dev.berth.build.node.ImageStore;
import dev.berth.build.node.RuntimeNode;
import dev.berth.build.step.ImageSettings;
import dev.berth.build.step.PlannedStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Carries out one build's steps: looks each up in the shared cache (one indexed query), and on a miss says why,
 * then makes the step's image: metadata steps directly in image-service, RUN in a container on the runtime node,
 * COPY/ADD by unpacking the selected files into a never-started container and taking its layer.
 */
final class StepRunner {
    /** Changed whenever what a step produces changes for the same inputs, so older cache entries stop matching. */
    private static final String KEY_FORMAT = "berth-step-v2\n";
    private final RuntimeNode node;
    private final ImageStore images;
    private final StepCache cache;
    private final CacheHits hits;
    private final BuildOptions options;
    private final BuildOutput out;
    private final Path scratch;
    private final List<String> liveContainers;
    private final CopySources sources;
    private final RunMounts mounts;
    private final FileDigests digests;
    private String firstMiss;
    private boolean firstMissExplained;
    private CacheSources cacheSources;

    StepRunner(RuntimeNode node, ImageStore images, StepCache cache, CacheHits hits, BuildOptions options,
            BuildOutput out, Path context, FileDigests contextDigests, Path scratch, List<String> liveContainers,
            Function<String, String> imageOf, long maxContextBytes, CacheMounts cacheMounts) {
        this.node = node;
        this.images = images;
        this.cache = cache;
        this.hits = hits;
        this.options = options;
        this.out = out;
        this.scratch = scratch;
        this.liveContainers = liveContainers;
        this.sources = new CopySources(node, context, contextDigests, scratch, imageOf, liveContainers,
                maxContextBytes);
        this.digests = contextDigests;
        this.mounts = new RunMounts(sources, context, contextDigests, scratch, imageOf, cacheMounts);
    }

    /**
     * @param parent the image the step starts from, null for scratch
     * @param position the step's place in its Dockerfile (for explanations)
     * @param label the step as printed ("Step 3/5"), for "parent changed at" lines
     * @return the image the step produced (or found in the cache)
     */
    String execute(PlannedStep step, String parent, String instruction, String position, String label)
            throws IOException {
        CopyPlan copy = step instanceof PlannedStep.Copy c ? selectCopy(c, null, guessIntoDirectory(c)) : null;
        return execute(step, copy, parent, instruction, position, label);
    }

    private String execute(PlannedStep step, CopyPlan copy, String parent, String instruction, String position,
            String label) throws IOException {
        Map<String, String> components = new LinkedHashMap<>();
        components.put("instruction", instruction);
        ImageSettings settings = step.settings();
        settings.envMap().forEach((k, v) -> components.put("env:" + k, v));
        components.put("user", settings.user());
        components.put("workdir", settings.workingDir());
        String createdBy;
        if (step instanceof PlannedStep.Copy c) {
            copy.selection().manifest().forEach((path, line) -> components.put("file:" + path, line));
            copy.heredocs().forEach(h -> components.put("file:" + h.destination(), "file "
                    + Integer.toOctalString(h.mode() & 07777) + " " + h.contentDigest()));
            createdBy = c.createdBy(settings.effectiveShell(), copy.selection().contentDigest());
        } else if (step instanceof PlannedStep.Run r) {
            createdBy = r.createdBy();
            r.args().forEach((k, v) -> components.put("arg:" + k, v));
            components.put("network", r.network() == null ? options.networkMode() : r.network());
            mounts.addKeys(r.mounts(), components);
        } else {
            createdBy = ((PlannedStep.Metadata) step).createdBy();
        }
        String parentKey = parent == null ? "scratch" : parent;
        String key = key(parentKey, createdBy, settings, components);
        if (!options.noCache() && firstMiss == null) {
            Optional<String> hit = cache.lookup(parentKey, key);
            boolean kept = hit.isPresent() && hits.usable(hit.get());
            if (kept && cacheSources().accepts(hit.get())) {
                out.stream(" ---> Using cache\n");
                out.stream(" ---> " + ImageIds.shortId(hit.get()) + "\n");
                return hit.get();
            }
            if (hit.isPresent() && !kept) {
                cache.forget(parentKey, key);
            }
        }
        if (!options.noCache()) {
            explainMiss(parentKey, position, components, instruction);
        }
        if (firstMiss == null) {
            firstMiss = label;
        }
        hits.existing(parent);
        String child;
        if (step instanceof PlannedStep.Run r) {
            child = run(r, parent, createdBy);
        } else if (copy != null) {
            child = copy(copy, parent);
        } else if (((PlannedStep.Metadata) step).directory() != null) {
            child = workdir((PlannedStep.Metadata) step, parent, createdBy);
        } else {
            child = images.buildStep(parent, ImageConfigJson.write(settings), createdBy, null);
        }
        cache.record(parentKey, key, child, position, components);
        out.stream(" ---> " + ImageIds.shortId(child) + "\n");
        return child;
    }

    private CacheSources cacheSources() {
        if (cacheSources == null) {
            cacheSources = CacheSources.of(options.cacheFrom(), images);
        }
        return cacheSources;
    }

    private void explainMiss(String parent, String position, Map<String, String> components, String instruction) {
        if (firstMiss != null) {
            if (firstMissExplained) {
                out.stream("cache miss: " + instruction + " — parent changed at " + firstMiss + "\n");
            }
            return;
        }
        cache.previous(parent, position).ifPresent(before -> {
            String why = MissExplanation.explain(before, components);
            if (!why.isEmpty()) {
                firstMissExplained = true;
                out.stream("cache miss: " + instruction + " — " + why + "\n");
            }
        });
    }

    private String run(PlannedStep.Run run, String parent, String createdBy) throws IOException {
        if (parent == null) {
            throw new BuildFailure("no such image: scratch has no command to run " + run.argv(), 1);
        }
        try (RunMounts.Prepared prepared = mounts.prepare(run)) {
            return run(run, parent, createdBy, prepared);
        }
    }

    private String run(PlannedStep.Run run, String parent, String createdBy, RunMounts.Prepared prepared)
            throws IOException {
        String id = node.create(StepContainers.run(parent, run, options, prepared.json), null);
        liveContainers.add(id);
        out.stream(" ---> Running in " + ImageIds.shortId(id) + "\n");
        boolean succeeded = false;
        try {
            Set<String> stubs = mountStubs(prepared.targets);
            try (InputStream frames = node.attach(id)) {
                node.start(id);
                FrameReader.pump(frames, out);
            }
            int code = node.await(id);
            if (code != 0) {
                throw new BuildFailure("The command '" + String.join(" ", run.argv())
                        + "' returned a non-zero code: " + code, code);
            }
            String child = commitRun(id, parent, ImageConfigJson.write(run.settings()), createdBy, stubs);
            succeeded = true;
            return child;
        } finally {
            if (options.remove() || options.forceRemove()) {
                node.remove(id);
                liveContainers.remove(id);
                if (succeeded) {
                    out.stream(" ---> Removed intermediate container " + ImageIds.shortId(id) + "\n");
                }
            }
        }
    }

    /**
     * The mount targets and their parents: where the runtime may have made mount points. (Whether the image had
     * them cannot be asked of the step container: its archive API looks through the mounts, as docker cp does.)
     */
    private static Set<String> mountStubs(List<String> targets) {
        Set<String> stubs = new HashSet<>();
        for (String target : targets) {
            for (String path = target; !path.equals("/") && !path.isEmpty();
                    path = path.substring(0, path.lastIndexOf('/'))) {
                stubs.add(path);
            }
        }
        return stubs;
    }

    /** The RUN container's changes as the step's layer, its mount points left out. */
    private String commitRun(String id, String parent, com.fasterxml.jackson.databind.node.ObjectNode config,
            String createdBy, Set<String> stubs) throws IOException {
        if (stubs.isEmpty()) {
            return node.buildStep(id, parent, config, createdBy);
        }
        Path tar = scratch.resolve("run-" + UUID.randomUUID() + ".tar");
        try {
            try (InputStream layer = node.layer(id); OutputStream file = Files.newOutputStream(tar)) {
                MountStubs.filter(layer, file, stubs);
            }
            try (InputStream layer = Files.newInputStream(tar)) {
                return images.buildStep(parent, config, createdBy, layer);
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /**
     * WORKDIR makes its directory when the parent lacks it (root-owned, 0755, as dockerd's mkdir), so that later
     * steps and containers find it; a directory already there is left as it is and the step changes metadata only.
     */
    private String workdir(PlannedStep.Metadata step, String parent, String createdBy) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode config = ImageConfigJson.write(step.settings());
        Path tar = scratch.resolve("workdir-" + UUID.randomUUID() + ".tar");
        try {
            if (parent == null) {
                CopyArchive.write(CopyItem.directoryWithParents(step.directory()), tar, 0, 0, null);
                try (InputStream layer = Files.newInputStream(tar)) {
                    return images.buildStep(null, config, createdBy, layer);
                }
            }
            String container = node.create(StepContainers.writeTarget(parent), null);
            liveContainers.add(container);
            try {
                return node.buildStep(container, parent, config, createdBy, step.directory());
            } finally {
                node.remove(container);
                liveContainers.remove(container);
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /**
     * A COPY's files and where they go; {@code container} is the write target (null before a cache miss, and for
     * scratch). The cache key is taken from the destination as written: whether it names a directory of the parent
     * image is fixed by the parent, which is part of the key, so no container is made on a cache hit.
     */
    private record CopyPlan(PlannedStep.Copy step, CopySelection selection, List<CopyItem> heredocs,
            String container) {
    }

    private static boolean guessIntoDirectory(PlannedStep.Copy c) {
        return c.destination().endsWith("/");
    }

    private CopyPlan selectCopy(PlannedStep.Copy c, String container, boolean intoDirectory) throws IOException {
        CopySelection selection = CopySelection.of(sources.stage(c), c.destination(), intoDirectory, digests);
        List<CopyItem> heredocs = new ArrayList<>();
        for (Heredoc heredoc : c.heredocSources()) {
            String destination = c.destination().endsWith("/") ? c.destination() + heredoc.name() : c.destination();
            heredocs.add(CopySelection.heredocFile(destination, heredoc.content(), 0644));
        }
        return new CopyPlan(c, selection, heredocs, container);
    }

    /** Makes the write target (unless FROM scratch) and finds out whether the destination is a directory there. */
    private String copy(CopyPlan keyed, String parent) throws IOException {
        if (parent == null) {
            return copyInto(keyed, null);
        }
        PlannedStep.Copy step = keyed.step();
        String container = node.create(StepContainers.writeTarget(parent), null);
        liveContainers.add(container);
        try {
            boolean intoDirectory = guessIntoDirectory(step);
            if (!intoDirectory && step.sources().size() == 1 && step.heredocSources().isEmpty()) {
                intoDirectory = Boolean.TRUE.equals(node.isDirectory(container, step.destination()));
            }
            CopyPlan plan = intoDirectory == guessIntoDirectory(step)
                    ? new CopyPlan(step, keyed.selection(), keyed.heredocs(), container)
                    : selectCopy(step, container, intoDirectory);
            return copyInto(plan, parent);
        } finally {
            node.remove(container);
            liveContainers.remove(container);
        }
    }

    private String copyInto(CopyPlan plan, String parent) throws IOException {
        String createdBy = plan.step().createdBy(plan.step().settings().effectiveShell(),
                plan.selection().contentDigest());
        ChownSpec.Ids owner = ChownSpec.resolve(plan.step().chown(),
                file -> plan.container() == null ? null : node.readFile(plan.container(), file));
        Integer chmod = plan.step().chmod() == null ? null : parseMode(plan.step().chmod());
        List<CopyItem> items = new ArrayList<>(plan.selection().items());
        digests.fill(items.stream().map(CopyItem::source).filter(java.util.Objects::nonNull).toList());
        items.addAll(plan.heredocs());
        ImageSettings settings = plan.step().settings();
        if (plan.container() != null) {
            // the tar goes to the node as it is written, never to a file here
            node.putArchive(plan.container(), "/",
                    out -> CopyArchive.write(items, out, owner.uid(), owner.gid(), chmod));
            return node.buildStep(plan.container(), parent, ImageConfigJson.write(settings), createdBy);
        }
        Path tar = scratch.resolve("copy-" + UUID.randomUUID() + ".tar");
        try {
            CopyArchive.write(items, tar, owner.uid(), owner.gid(), chmod);
            try (InputStream layer = Files.newInputStream(tar)) {
                return images.buildStep(null, ImageConfigJson.write(settings), createdBy, layer);
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private static int parseMode(String chmod) {
        if (!chmod.matches("[0-7]{3,4}")) {
            throw new BuildFailure("invalid chmod parameter: " + chmod + " (an octal mode such as 755)", 1);
        }
        return Integer.parseInt(chmod, 8);
    }

    private static String key(String parent, String createdBy, ImageSettings settings,
            Map<String, String> components) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(KEY_FORMAT.getBytes(StandardCharsets.UTF_8));
            sha.update(parent.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(createdBy.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(ImageConfigJson.JSON.writeValueAsBytes(ImageConfigJson.write(settings)));
            sha.update((byte) '\n');
            sha.update(ImageConfigJson.JSON.writeValueAsBytes(new java.util.TreeMap<>(components)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
