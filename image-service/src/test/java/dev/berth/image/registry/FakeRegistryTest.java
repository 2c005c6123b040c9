package dev.berth.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.common.errors.BerthException;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import dev.berth.image.store.BlobStore;
import dev.berth.image.store.Digests;
import dev.berth.image.store.StoredBlob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ManifestPuller and BlobPuller against an in-process registry with bearer-token auth, an index and a 429. */
class FakeRegistryTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> content = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger(1);
    private String host;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", ex -> {
            tokenRequests.incrementAndGet();
            String q = ex.getRequestURI().getQuery();
            boolean ok = q.contains("service=fake") && q.contains("scope=repository:team/bb:pull")
                    && "Basic dTpw".equals(ex.getRequestHeaders().getFirst("Authorization"));
            reply(ex, ok ? 200 : 401, ok ? "{\"access_token\":\"T0K\",\"expires_in\":300}" : "{}", null);
        });
        server.createContext("/v2/", ex -> {
            if (!"Bearer T0K".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host
                        + "/token\",service=\"fake\",scope=\"repository:team/bb:pull\"");
                reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}",
                        null);
                return;
            }
            String path = ex.getRequestURI().getPath();
            String key = path.substring(path.lastIndexOf('/') + 1);
            if (path.contains("/blobs/") && throttled.getAndDecrement() > 0) {
                ex.getResponseHeaders().add("Retry-After", "0");
                reply(ex, 429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}", null);
                return;
            }
            byte[] body = content.get(key);
            if (body == null) {
                reply(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}",
                        null);
                return;
            }
            reply(ex, 200, body, types.get(key));
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange ex, int status, String body, String type) throws IOException {
        reply(ex, status, body.getBytes(StandardCharsets.UTF_8), type);
    }

    private static void reply(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type == null ? "application/json" : type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private String put(String key, byte[] bytes, String type) {
        String digest = Digests.of(bytes);
        content.put(key == null ? digest : key, bytes);
        content.put(digest, bytes);
        types.put(key == null ? digest : key, type);
        types.put(digest, type);
        return digest;
    }

    @Test
    void bearerIndexAndVerifiedGzipBlob() throws IOException {
        byte[] tar = "not really a tar but bytes".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        String layer = put(null, gz.toByteArray(), "application/octet-stream");
        String config = put(null, "{}".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        String manifest = put(null, ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"digest\":\"" + config + "\",\"size\":2},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layer + "\",\"size\":"
                + gz.size() + "}]}").getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST);
        String index = put("1", ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + "{\"digest\":\"sha256:" + "0".repeat(64) + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}},"
                + "{\"digest\":\"" + manifest + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}")
                .getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_INDEX);

        TokenCache tokens = new TokenCache();
        RegistryClient client = new RegistryClient(new RegistryAuthenticator(tokens));
        Reference ref = ReferenceParser.parse(host + "/team/bb:1");
        RegistryCredentials creds = new RegistryCredentials("u", "p", host);
        RegistrySession session = new RegistrySession(RegistryEndpoint.of(ref, ""), creds);
        PulledManifest pulled = new ManifestPuller(client).pull(session, ref);
        assertEquals(index, pulled.digest());
        assertEquals(config, pulled.config().digest());
        assertEquals(layer, pulled.layers().get(0).digest());
        assertEquals(1, tokenRequests.get());

        BlobStore store = new BlobStore(dir);
        long[] seen = {0};
        StoredBlob blob = new BlobPuller(client, store).pull(session, layer, n -> seen[0] = n);
        assertEquals(layer, blob.digest());
        assertEquals(Digests.of(tar), blob.diffId());
        assertEquals(gz.size(), seen[0]);
        assertTrue(store.exists(layer));

        // a new session for the same registry + scope reuses the cached token
        RegistrySession again = new RegistrySession(RegistryEndpoint.of(ref, ""), creds);
        new ManifestPuller(client).pull(again, ReferenceParser.parse(host + "/team/bb@" + index));
        assertEquals(1, tokenRequests.get());

        // a pull by digest verifies the manifest bytes
        String wrong = "sha256:" + "1".repeat(64);
        content.put(wrong, content.get(index));
        BerthException e = assertThrows(BerthException.class, () -> new ManifestPuller(client)
                .pull(again, ReferenceParser.parse(host + "/team/bb@" + wrong)));
        assertTrue(e.getMessage().contains("verification failed"), e.getMessage());

        // a blob whose bytes do not match its digest is not stored
        String liar = "sha256:" + "2".repeat(64);
        content.put(liar, "other bytes".getBytes(StandardCharsets.UTF_8));
        e = assertThrows(BerthException.class, () -> new BlobPuller(client, store).pull(again, liar, n -> { }));
        assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
        assertFalse(store.exists(liar));

        e = assertThrows(BerthException.class, () -> new ManifestPuller(client)
                .pull(again, ReferenceParser.parse(host + "/team/bb:2")));
        assertEquals("manifest for " + host + "/team/bb:2 not found: manifest unknown: manifest unknown",
                e.getMessage());
    }

    @Test
    void inspectorDescribesWithoutPulling() {
        String config = put(null, "{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\",\"rootfs\":{}}"
                .getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        byte[] schema2 = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":"
                + "{\"digest\":\"" + config + "\",\"size\":60},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        String docker = put("docker", schema2, MediaTypes.DOCKER_MANIFEST);
        String oci = put("oci", ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + "{\"digest\":\"" + config + "\",\"size\":60},\"layers\":[]}").getBytes(StandardCharsets.UTF_8),
                MediaTypes.OCI_MANIFEST);
        byte[] indexBytes = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + "{\"digest\":\"" + docker + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\","
                + "\"variant\":\"v7\"}},{\"digest\":\"" + oci + "\",\"platform\":{\"os\":\"windows\","
                + "\"architecture\":\"amd64\",\"os.version\":\"10.0.17763.1\"}}]}").getBytes(StandardCharsets.UTF_8);
        String index = put("multi", indexBytes, MediaTypes.OCI_INDEX);

        RegistryClient client = new RegistryClient(new RegistryAuthenticator(new TokenCache()));
        ManifestInspector inspector = new ManifestInspector(client);
        RegistryCredentials creds = new RegistryCredentials("u", "p", host);
        Reference multi = ReferenceParser.parse(host + "/team/bb:multi");
        RegistrySession session = new RegistrySession(RegistryEndpoint.of(multi, ""), creds);

        ManifestInspector.Inspected listed = inspector.inspect(session, multi);
        assertEquals(new ManifestInspector.Inspected(MediaTypes.OCI_INDEX, index, indexBytes.length, listed.platforms()),
                listed);
        assertEquals(2, listed.platforms().size());
        assertEquals("v7", listed.platforms().get(0).variant());
        assertEquals("10.0.17763.1", listed.platforms().get(1).osVersion());

        // a Docker schema 2 manifest: the platform comes from its config; by digest too
        ManifestInspector.Inspected single = inspector.inspect(session,
                ReferenceParser.parse(host + "/team/bb@" + docker));
        assertEquals(docker, single.digest());
        assertEquals(schema2.length, single.size());
        assertEquals("arm", single.platforms().get(0).architecture());
        assertEquals("v7", single.platforms().get(0).variant());
        // an OCI image manifest: none, as dockerd
        assertEquals(null, inspector.inspect(session, ReferenceParser.parse(host + "/team/bb:oci")).platforms());

        RegistryException missing = assertThrows(RegistryException.class,
                () -> inspector.inspect(session, ReferenceParser.parse(host + "/team/bb:nope")));
        assertEquals("manifest unknown: manifest unknown", missing.getMessage());
        assertEquals("MANIFEST_UNKNOWN", missing.code());
    }
}
