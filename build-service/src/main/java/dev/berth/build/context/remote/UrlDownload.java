package dev.berth.build.context.remote;

import dev.berth.build.context.ContextPaths;
import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An http(s) build context as dockerd downloads it ({@code remotecontext/remote.go}): GET (redirects followed); a
 * status of 400 and up is an error with the status and body as dockerd words it; a body of Content-Type
 * {@code text/plain}, or with no or an {@code application/octet-stream} type whose first 100 bytes sniff as text,
 * is the Dockerfile (a context holding only that file); anything else is a context archive, stored as it came
 * (the extractor detects gzip, bzip2 and xz). The body may not exceed the context size limit.
 */
final class UrlDownload {
    private static final int PREAMBLE = 100;
    private final long maxBytes;
    private final Duration timeout;

    UrlDownload(long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    void download(String url, String dockerfile, Path tar) throws IOException {
        HttpResponse<InputStream> response = get(url);
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 400) {
                throw statusError(url, response.statusCode(), body);
            }
            Path raw = tar.resolveSibling("download");
            long size = copyLimited(body, raw);
            if (size == 0) {
                throw BerthException.invalid("error downloading remote context " + url + ": empty response");
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (isText(type, raw)) {
                writeDockerfileTar(raw, dockerfile.isEmpty() ? "Dockerfile" : ContextPaths.clean(dockerfile), tar);
                Files.delete(raw);
            } else {
                Files.move(raw, tar);
            }
        }
    }

    private HttpResponse<InputStream> get(String url) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            throw BerthException.invalid("remoteURL (" + url + ") could not be recognized as URL: "
                    + e.getMessage());
        }
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (UnknownHostException e) {
            throw BerthException.notFound("Get \"" + url + "\": dial tcp: lookup " + e.getMessage()
                    + ": no such host");
        } catch (ConnectException e) {
            throw new BerthException(ErrorKind.INTERNAL, "Get \"" + url + "\": connect: "
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()), e);
        } catch (HttpTimeoutException e) {
            throw new BerthException(ErrorKind.INTERNAL, "Get \"" + url + "\": no answer within "
                    + timeout.toSeconds() + "s (berth.build.remote-timeout)", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw BerthException.notFound("Get \"" + url + "\": dial tcp: lookup " + unknown.getMessage()
                        + ": no such host");
            }
            throw new BerthException(ErrorKind.INTERNAL, "Get \"" + url + "\": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        }
    }

    /** moby's {@code GetWithStatusError} wording and status. */
    private static BerthException statusError(String url, int status, InputStream body) throws IOException {
        byte[] text = body.readNBytes(4096);
        String message = "failed to GET " + url + " with status " + status + ": "
                + new String(text, StandardCharsets.UTF_8).strip();
        ErrorKind kind = switch (status) {
            case 404 -> ErrorKind.NOT_FOUND;
            case 400 -> ErrorKind.INVALID;
            case 403 -> ErrorKind.FORBIDDEN;
            default -> ErrorKind.INTERNAL;
        };
        return new BerthException(kind, message);
    }

    private long copyLimited(InputStream body, Path target) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw BerthException.invalid("build context is larger than the limit of " + maxBytes
                            + " bytes (berth.build.max-context-bytes)");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    /** dockerd's rule: {@code text/plain}, or no/octet-stream type and a preamble Go's sniffer calls text. */
    static boolean isText(String contentType, Path body) throws IOException {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("text/plain")) {
            return true;
        }
        if (!type.isEmpty() && !type.equals("application/octet-stream")) {
            return false;
        }
        byte[] preamble;
        try (InputStream in = Files.newInputStream(body)) {
            preamble = in.readNBytes(PREAMBLE);
        }
        return sniffsAsText(preamble);
    }

    /**
     * Go's {@code http.DetectContentType} answers {@code text/plain} when no byte is a binary control character
     * and the content does not open like HTML/XML (which it reports as such), a PDF or PostScript file.
     */
    static boolean sniffsAsText(byte[] data) {
        for (byte b : data) {
            int c = b & 0xff;
            if (c <= 0x08 || c == 0x0b || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f)) {
                return false;
            }
        }
        String start = new String(data, StandardCharsets.ISO_8859_1).stripLeading();
        return !start.startsWith("<") && !start.startsWith("%PDF-") && !start.startsWith("%!PS-Adobe-");
    }

    private static void writeDockerfileTar(Path dockerfile, String name, Path tar) throws IOException {
        byte[] content = Files.readAllBytes(dockerfile);
        try (OutputStream file = Files.newOutputStream(tar);
                TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            entry.setMode(0100644);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
        }
    }
}
