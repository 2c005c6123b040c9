package dev.berth.build.context.remote;

import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A git build context checked out with the git CLI as dockerd does ({@code builder/remotecontext/git}): init,
 * {@code fetch --depth 1 origin -- <ref>} (full fetch from a dumb HTTP server, which cannot serve shallow fetches),
 * checkout of the ref or FETCH_HEAD, then the {@code :subdir} of the fragment, which must stay inside the checkout.
 * Git runs without system or user configuration, without prompts, with file:// and unknown transports refused,
 * and within the timeout.
 */
final class GitCheckout {
    private final Duration timeout;

    GitCheckout(Duration timeout) {
        this.timeout = timeout;
    }

    /** A git URL split as moby's {@code parseRemoteURL}: remote, ref ({@code master} by default) and subdirectory. */
    record Repo(String remote, String ref, String subdir) {
        static Repo parse(String url) {
            String remote = url;
            if (!RemoteContext.isUrl(url) && !url.startsWith("git://") && !url.startsWith("git@")) {
                remote = "https://" + url;
            }
            String fragment = "";
            int hash = remote.indexOf('#');
            if (hash >= 0) {
                fragment = remote.substring(hash + 1);
                remote = remote.substring(0, hash);
            }
            int colon = fragment.indexOf(':');
            String ref = colon < 0 ? fragment : fragment.substring(0, colon);
            String subdir = colon < 0 ? "" : fragment.substring(colon + 1);
            if (ref.isEmpty()) {
                ref = "master";
            }
            if (ref.startsWith("-")) {
                throw BerthException.invalid("invalid refspec: " + ref);
            }
            return new Repo(remote, ref, subdir);
        }
    }

    /** Clones into {@code root} (created here) and returns the context directory. */
    Path checkout(Repo repo, Path root) throws IOException {
        Files.createDirectories(root);
        git(root, "failed to init repo at " + root, "init", "-q");
        git(root, "failed add origin repo at " + repo.remote(), "remote", "add", "origin", repo.remote());
        List<String> fetch = new ArrayList<>(List.of("fetch", "-q"));
        if (supportsShallowClone(repo.remote())) {
            fetch.addAll(List.of("--depth", "1"));
        }
        fetch.addAll(List.of("origin", "--", repo.ref()));
        git(root, "error fetching", fetch.toArray(String[]::new));
        try {
            git(root, "error checking out " + repo.ref(), "checkout", "-q", repo.ref());
        } catch (BerthException byName) {
            try {
                git(root, "error checking out FETCH_HEAD", "checkout", "-q", "FETCH_HEAD");
            } catch (BerthException e) {
                throw byName;
            }
        }
        if (repo.subdir().isEmpty()) {
            return root;
        }
        Path dir = root.resolve(repo.subdir()).normalize();
        if (!dir.startsWith(root) || !Files.exists(dir) || !dir.toRealPath().startsWith(root.toRealPath())) {
            throw BerthException.invalid("error setting git context, \"" + repo.subdir()
                    + "\" not within git root");
        }
        if (!Files.isDirectory(dir)) {
            throw BerthException.invalid("error setting git context, not a directory: " + repo.subdir());
        }
        return dir.toRealPath();
    }

    /** moby's rule: non-HTTP transports shallow-clone; an HTTP server only if it is a smart one. */
    private boolean supportsShallowClone(String remote) {
        if (!RemoteContext.isUrl(remote)) {
            return true;
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(new URI(remote
                    + "/info/refs?service=git-upload-pack")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200 && answer.headers().firstValue("Content-Type")
                    .orElse("").equals("application/x-git-upload-pack-advertisement");
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void git(Path dir, String failure, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "protocol.file.allow=never"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("GIT_PROTOCOL_FROM_USER", "0");
        env.put("GIT_ALLOW_PROTOCOL", "http:https:git:ssh");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("HOME", "/dev/null");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BerthException(dev.berth.common.errors.ErrorKind.INTERNAL,
                    "git is not installed on this build node: " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        try {
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append(e.getMessage());
                }
            }, "git-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw BerthException.invalid(failure + ": git " + args[0] + " did not finish within "
                        + timeout.toSeconds() + "s");
            }
            reader.join();
            if (process.exitValue() != 0) {
                throw BerthException.invalid(failure + ": " + output.toString().strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running git", e);
        }
    }
}
