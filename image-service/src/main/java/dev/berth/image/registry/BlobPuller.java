package dev.berth.image.registry;

import dev.berth.common.errors.ErrorKind;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.StoredBlob;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.LongConsumer;

/** {@code GET /v2/<name>/blobs/<digest>} streamed into the blob store, verified against the digest. */
@ApplicationScoped
public class BlobPuller {
    private final RegistryClient client;
    private final BlobStore store;

    public BlobPuller(RegistryClient client, BlobStore store) {
        this.client = client;
        this.store = store;
    }

    /** Stores the blob (pinned until the caller unpins it); {@code progress} gets the bytes read so far. */
    public StoredBlob pull(RegistrySession session, String digest, LongConsumer progress) {
        HttpResponse<InputStream> response = client.get(session, session.endpoint().blob(digest), Map.of());
        if (response.statusCode() != 200) {
            throw RegistryClient.error(response, "error pulling blob " + digest + ": ");
        }
        try (InputStream body = new Counting(response.body(), progress)) {
            return store.putExpected(body, digest);
        } catch (IOException e) {
            throw new RegistryException(ErrorKind.INTERNAL, 0, null,
                    "failed to pull blob " + digest + ": " + e.getMessage());
        }
    }

    /** Reports the running byte count at most every 512 KiB (and at the end). */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer progress;
        private long count;
        private long reported;

        Counting(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                advance(n);
            } else if (n < 0 && reported != count) {
                reported = count;
                progress.accept(count);
            }
            return n;
        }

        private void advance(long n) {
            count += n;
            if (count - reported >= 512 * 1024) {
                reported = count;
                progress.accept(count);
            }
        }
    }
}
