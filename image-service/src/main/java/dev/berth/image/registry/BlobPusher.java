package dev.berth.image.registry;

import dev.berth.common.errors.ErrorKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The blob side of a push: {@code HEAD} existence checks, cross-repository mounts, and uploads (one {@code PUT} for
 * small blobs, {@code PATCH} chunks then a closing {@code PUT} for large ones).
 */
@ApplicationScoped
public class BlobPusher {
    /** Blobs above this size go up in {@link #CHUNK}-sized {@code PATCH} requests. */
    static final long CHUNKED_ABOVE = 32L * 1024 * 1024;
    static final long CHUNK = 16L * 1024 * 1024;
    private static final String OCTETS = "application/octet-stream";

    private final RegistryClient client;

    public BlobPusher(RegistryClient client) {
        this.client = client;
    }

    /** {@code HEAD /v2/<name>/blobs/<digest>}: true on 200, false on 404. */
    public boolean exists(RegistrySession session, String digest) {
        HttpResponse<InputStream> response = client.exchange(session, "HEAD", session.endpoint().blob(digest),
                Map.of(), null);
        RegistryClient.discard(response);
        if (response.statusCode() == 200) {
            return true;
        }
        if (response.statusCode() == 404) {
            return false;
        }
        throw new RegistryException(response.statusCode() == 401 || response.statusCode() == 403
                ? ErrorKind.FORBIDDEN : ErrorKind.INTERNAL, response.statusCode(), null,
                "checking blob " + digest + ": unexpected status " + response.statusCode());
    }

    /**
     * {@code POST .../blobs/uploads/?mount=<digest>&from=<repo>}: true when the registry mounted the blob (201).
     * When it started an upload instead (202), that upload is cancelled and the caller uploads normally.
     */
    public boolean mount(RegistrySession session, String digest, String fromRepository) {
        URI uri = URI.create(session.endpoint().uploads() + "?mount=" + enc(digest) + "&from=" + enc(fromRepository));
        HttpResponse<InputStream> response = client.exchange(session, "POST", uri,
                Map.of(), HttpRequest.BodyPublishers::noBody);
        RegistryClient.discard(response);
        if (response.statusCode() == 201) {
            return true;
        }
        if (response.statusCode() == 202) {
            response.headers().firstValue("Location").ifPresent(location -> RegistryClient.discard(
                    client.exchange(session, "DELETE", session.endpoint().base().resolve(location), Map.of(), null)));
            return false;
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return false; // no pull access to the source: upload instead, as Docker does
        }
        throw new RegistryException(ErrorKind.INTERNAL, response.statusCode(), null,
                "mounting blob " + digest + " from " + fromRepository + ": unexpected status " + response.statusCode());
    }

    /** Uploads {@code file} (whose sha256 is {@code digest}); {@code progress} gets the bytes sent so far. */
    public void upload(RegistrySession session, String digest, Path file, LongConsumer progress) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<InputStream> started = client.exchange(session, "POST", session.endpoint().uploads(),
                Map.of(), HttpRequest.BodyPublishers::noBody);
        if (started.statusCode() != 202) {
            throw RegistryClient.error(started, "");
        }
        RegistryClient.discard(started);
        URI location = location(session, started);
        if (size > CHUNKED_ABOVE) {
            for (long offset = 0; offset < size; offset += CHUNK) {
                long length = Math.min(CHUNK, size - offset);
                long from = offset;
                HttpResponse<InputStream> patched = client.exchange(session, "PATCH", location,
                        Map.of("Content-Type", OCTETS,
                                "Content-Range", offset + "-" + (offset + length - 1)),
                        () -> slice(file, from, length, progress));
                if (patched.statusCode() != 202) {
                    throw RegistryClient.error(patched, "");
                }
                RegistryClient.discard(patched);
                location = location(session, patched);
            }
            put(session, withDigest(location, digest), HttpRequest.BodyPublishers::noBody);
        } else {
            put(session, withDigest(location, digest), () -> slice(file, 0, size, progress));
        }
        progress.accept(size);
    }

    private void put(RegistrySession session, URI uri, Supplier<HttpRequest.BodyPublisher> body) {
        HttpResponse<InputStream> done = client.exchange(session, "PUT", uri, Map.of("Content-Type", OCTETS), body);
        if (done.statusCode() != 201 && done.statusCode() != 204) {
            throw RegistryClient.error(done, "");
        }
        RegistryClient.discard(done);
    }

    private static URI location(RegistrySession session, HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                ErrorKind.INTERNAL, response.statusCode(), null, "registry answered an upload without a Location"));
        return session.endpoint().base().resolve(location);
    }

    static URI withDigest(URI location, String digest) {
        String s = location.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + enc(digest));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** {@code length} bytes of {@code file} from {@code offset}, reporting the running total. */
    private static HttpRequest.BodyPublisher slice(Path file, long offset, long length, LongConsumer progress) {
        Supplier<InputStream> stream = () -> {
            try {
                InputStream in = Files.newInputStream(file);
                in.skipNBytes(offset);
                return new Reporting(in, length, offset, progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(stream), length);
    }

    /** At most {@code length} bytes; reports {@code base + sent} every 512 KiB. */
    private static final class Reporting extends FilterInputStream {
        private final LongConsumer progress;
        private final long base;
        private long remaining;
        private long sent;
        private long reported;

        Reporting(InputStream in, long length, long base, LongConsumer progress) {
            super(in);
            this.remaining = length;
            this.base = base;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
                sent += n;
                if (sent - reported >= 512 * 1024) {
                    reported = sent;
                    progress.accept(base + sent);
                }
            }
            return n;
        }
    }
}
