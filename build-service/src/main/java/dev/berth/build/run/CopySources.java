package dev.berth.build.run;

import dev.berth.build.context.ContextExtractor;
import dev.berth.build.context.ContextPaths;
import dev.berth.build.context.CopySelection;
import dev.berth.build.context.FileDigests;
import dev.berth.build.node.RuntimeNode;
import dev.berth.build.step.PlannedStep;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Where a COPY or ADD takes its files from, staged as directories the copy can select in: the context; with
 * {@code --from}, the named stage's or image's files (fetched from a never-started container of it, as docker cp
 * reads them); for ADD, a URL's download (mode 0600, time from Last-Modified) and local tar archives (gzip, bzip2,
 * xz or plain, recognised by content) unpacked, with the same safety rules as a build context.
 */
final class CopySources {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private final RuntimeNode node;
    private final Path context;
    private final FileDigests contextFiles;
    private final Path scratch;
    private final Function<String, String> imageOf;
    private final List<String> liveContainers;
    private final long maxBytes;

    /** @param imageOf a {@code --from} value (stage name, index or image reference) to an image id */
    /** @param contextFiles fills the context's placeholders before an ADD reads a local file */
    CopySources(RuntimeNode node, Path context, FileDigests contextFiles, Path scratch,
            Function<String, String> imageOf, List<String> liveContainers, long maxBytes) {
        this.node = node;
        this.context = context;
        this.contextFiles = contextFiles;
        this.scratch = scratch;
        this.imageOf = imageOf;
        this.liveContainers = liveContainers;
        this.maxBytes = maxBytes;
    }

    List<CopySelection.Source> stage(PlannedStep.Copy copy) throws IOException {
        if (copy.from() != null) {
            return fromImage(copy);
        }
        List<CopySelection.Source> sources = new ArrayList<>();
        for (String source : copy.sources()) {
            if (copy.add() && (source.startsWith("http://") || source.startsWith("https://"))) {
                sources.add(download(source));
            } else if (copy.add() && isLocalArchive(source)) {
                Path unpacked = Files.createDirectories(scratch.resolve("add-" + UUID.randomUUID()));
                try (InputStream in = Files.newInputStream(context.resolve(ContextPaths.clean(source)))) {
                    new ContextExtractor(maxBytes).extract(in, unpacked);
                }
                sources.add(new CopySelection.Source(unpacked, ""));
            } else {
                sources.add(new CopySelection.Source(context, source));
            }
        }
        return sources;
    }

    private List<CopySelection.Source> fromImage(PlannedStep.Copy copy) throws IOException {
        String image = imageOf.apply(copy.from());
        Path root = Files.createDirectories(scratch.resolve("from-" + UUID.randomUUID()));
        String container = node.create(StepContainers.writeTarget(image), null);
        liveContainers.add(container);
        try {
            List<CopySelection.Source> sources = new ArrayList<>();
            for (String source : copy.sources()) {
                String path = ContextPaths.clean(source);
                if (path.contains("*") || path.contains("?") || path.contains("[")) {
                    throw new BuildFailure("COPY --from with a wildcard (" + source
                            + ") is not supported by this berth version yet", 1);
                }
                Path parent = path.contains("/") ? root.resolve(path.substring(0, path.lastIndexOf('/'))) : root;
                Files.createDirectories(parent);
                try (InputStream tar = node.archive(container, "/" + path)) {
                    new ContextExtractor(maxBytes).extract(tar, parent);
                } catch (dev.berth.common.errors.BerthException e) {
                    throw new BuildFailure("COPY failed: stat " + path + " in " + copy.from() + ": "
                            + e.getMessage(), 1);
                }
                sources.add(new CopySelection.Source(root, path.isEmpty() ? "" : path));
            }
            return sources;
        } finally {
            node.remove(container);
            liveContainers.remove(container);
        }
    }

    /**
     * One path of a stage's or image's files ({@code RUN --mount=type=bind,from=}), copied out into a new directory
     * under the scratch directory; the path of the copy.
     */
    Path copyOut(String from, String path) throws IOException {
        String image = imageOf.apply(from);
        Path root = Files.createDirectories(scratch.resolve("mount-from-" + UUID.randomUUID()));
        String container = node.create(StepContainers.writeTarget(image), null);
        liveContainers.add(container);
        try (InputStream tar = node.archive(container, "/" + path)) {
            new ContextExtractor(maxBytes).extract(tar, root);
        } catch (dev.berth.common.errors.BerthException e) {
            throw new BuildFailure("RUN --mount=type=bind,from=" + from + ": stat /" + path + ": "
                    + e.getMessage(), 1);
        } finally {
            node.remove(container);
            liveContainers.remove(container);
        }
        if (path.isEmpty()) {
            return root;
        }
        Path extracted = root.resolve(path.substring(path.lastIndexOf('/') + 1));
        return Files.exists(extracted, LinkOption.NOFOLLOW_LINKS) ? extracted : root;
    }

    private CopySelection.Source download(String url) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("url-" + UUID.randomUUID()));
        String path = URI.create(url).getPath();
        String name = path == null || path.endsWith("/") || path.isEmpty() ? "download"
                : path.substring(path.lastIndexOf('/') + 1);
        Path file = dir.resolve(name);
        HttpResponse<Path> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).GET()
                    .build(), HttpResponse.BodyHandlers.ofFile(file));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure("download of " + url + " interrupted", 1);
        } catch (IOException e) {
            throw new BuildFailure("failed to GET " + url + ": " + e.getMessage(), 1);
        }
        if (response.statusCode() / 100 != 2) {
            throw new BuildFailure("failed to GET " + url + " with status " + response.statusCode(), 1);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        response.headers().firstValue("Last-Modified").ifPresent(value -> {
            try {
                Files.setLastModifiedTime(file, FileTime.from(ZonedDateTime.parse(value,
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
            } catch (RuntimeException | IOException e) {
                // keep the download's own time
            }
        });
        return new CopySelection.Source(dir, name);
    }

    /** A local ADD source that is a tar archive (compressed or not), judged by its content as dockerd does. */
    private boolean isLocalArchive(String source) throws IOException {
        String clean = ContextPaths.clean(source);
        if (clean.contains("*") || clean.contains("?") || clean.contains("[")) {
            return false;
        }
        Path file = context.resolve(clean);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        contextFiles.fill(List.of(file.toRealPath()));
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(262);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return true;
        }
        if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return true;
        }
        if (head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) {
            return true;
        }
        return head.length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
                && head[261] == 'r';
    }
}
