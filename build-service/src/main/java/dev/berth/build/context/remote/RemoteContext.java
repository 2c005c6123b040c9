package dev.berth.build.context.remote;

import dev.berth.common.errors.BerthException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code POST /build?remote=…} as dockerd's legacy builder reads it ({@code builder/remotecontext/detect.go}): a
 * git URL is cloned, any other http(s) URL is downloaded (a tar, possibly compressed, or a text body that is the
 * Dockerfile), anything else is refused. The result is a context tar in the upload directory, which then goes the
 * way of an uploaded context (same extractor, same size limit).
 */
public final class RemoteContext {
    /** moby's {@code urlutil}: an http(s) URL whose path ends in {@code .git} (with an optional fragment). */
    private static final Pattern GIT_SUFFIX = Pattern.compile("\\.git(?:#.+)?$");

    private final long maxBytes;
    private final Duration timeout;

    public RemoteContext(long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    static boolean isUrl(String remote) {
        return remote.startsWith("http://") || remote.startsWith("https://");
    }

    static boolean isGit(String remote) {
        return isUrl(remote) && GIT_SUFFIX.matcher(remote).find() || remote.startsWith("git://")
                || remote.startsWith("github.com/") || remote.startsWith("git@");
    }

    /**
     * Fetches {@code remote} into {@code work} (a scratch directory the caller deletes) and returns the context tar.
     * {@code dockerfile} names the Dockerfile when the URL's body is one.
     */
    public Path fetch(String remote, String dockerfile, Path work) throws IOException {
        Path tar = work.resolve("context.tar");
        if (isGit(remote)) {
            Path checkout = new GitCheckout(timeout).checkout(GitCheckout.Repo.parse(remote), work.resolve("git"));
            DirectoryTar.write(checkout, tar, maxBytes);
        } else if (isUrl(remote)) {
            new UrlDownload(maxBytes, timeout).download(remote, dockerfile, tar);
        } else {
            throw BerthException.invalid("remoteURL (" + remote + ") could not be recognized as URL");
        }
        return tar;
    }
}
