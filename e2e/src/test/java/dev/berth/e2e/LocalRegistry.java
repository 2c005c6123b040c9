package dev.berth.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * Debian's docker-registry (CNCF distribution) on a free loopback port, started and stopped by its Process handle,
 * and a minimal client that pushes images through the registry HTTP API (monolithic blob uploads, schema 2 manifest).
 */
final class LocalRegistry implements AutoCloseable {
    static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    static final String CONFIG_V1 = "application/vnd.docker.container.image.v1+json";
    static final String LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization;
    final int port;

    /** Blob and manifest descriptors of a pushed image. */
    record Pushed(String manifestDigest, String configDigest, List<String> layerDigests) {
    }

    /** A gzip layer: bytes as pushed and the diff id of the uncompressed tar. */
    record Layer(byte[] gzip, String diffId) {
        static Layer of(byte[] tar) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(tar);
            }
            return new Layer(out.toByteArray(), "sha256:" + Tarballs.sha256(tar));
        }
    }

    private LocalRegistry(Process process, int port, String authorization) {
        this.process = process;
        this.port = port;
        this.authorization = authorization;
    }

    /** Starts a registry storing under {@code dir}; {@code htpasswd} (a file's content) enables basic auth. */
    static LocalRegistry start(Path dir, String htpasswd, String user, String password) throws Exception {
        String auth = null;
        if (htpasswd != null) {
            Path file = dir.resolve("htpasswd");
            Files.writeString(file, htpasswd);
            auth = "auth:\n  htpasswd:\n    realm: berth-e2e\n    path: " + file + "\n";
        }
        return startWithAuth(dir, auth, user, password);
    }

    /** Starts a registry with bearer-token auth: tokens from {@code realm}, signed by the key of {@code rootCert}. */
    static LocalRegistry startWithTokenAuth(Path dir, String realm, String service, String issuer, Path rootCert)
            throws Exception {
        return startWithAuth(dir, "auth:\n  token:\n    realm: " + realm + "\n    service: " + service
                + "\n    issuer: " + issuer + "\n    rootcertbundle: " + rootCert + "\n", null, null);
    }

    private static LocalRegistry startWithAuth(Path dir, String authYaml, String user, String password)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        StringBuilder config = new StringBuilder("version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
                + "    rootdirectory: " + dir.resolve("data") + "\n  delete:\n    enabled: true\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n");
        if (authYaml != null) {
            config.append(authYaml);
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config.toString());
        ProcessBuilder pb = new ProcessBuilder("docker-registry", "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile());
        Process process = pb.start();
        String auth = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        LocalRegistry registry = new LocalRegistry(process, port, auth);
        registry.awaitReady(dir);
        return registry;
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    private void awaitReady(Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(uri("/v2/")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("docker-registry did not come up on " + host());
    }

    private URI uri(String path) {
        return URI.create("http://" + host() + path);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    /** Pushes blobs then a schema 2 manifest under {@code name:tag}. */
    Pushed push(String name, String tag, List<Layer> layers, String cmdJson) throws Exception {
        StringBuilder diffIds = new StringBuilder();
        StringBuilder history = new StringBuilder();
        for (Layer l : layers) {
            diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(l.diffId()).append('"');
            history.append(history.length() == 0 ? "" : ",")
                    .append("{\"created\":\"2026-01-02T03:04:05Z\",\"created_by\":\"e2e layer\"}");
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-02T03:04:05Z\","
                + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":" + cmdJson + "},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},\"history\":[" + history + "]}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = uploadBlob(name, config);
        StringBuilder manifest = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_V2 + "\","
                + "\"config\":{\"mediaType\":\"" + CONFIG_V1 + "\",\"size\":" + config.length + ",\"digest\":\""
                + configDigest + "\"},\"layers\":[");
        List<String> layerDigests = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            byte[] blob = layers.get(i).gzip();
            String digest = uploadBlob(name, blob);
            layerDigests.add(digest);
            manifest.append(i == 0 ? "" : ",").append("{\"mediaType\":\"" + LAYER_GZIP + "\",\"size\":")
                    .append(blob.length).append(",\"digest\":\"").append(digest).append("\"}");
        }
        manifest.append("]}");
        byte[] manifestBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = http.send(request(uri("/v2/" + name + "/manifests/" + tag))
                .header("Content-Type", MANIFEST_V2)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifestBytes)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 201) {
            throw new AssertionError("manifest PUT " + put.statusCode() + ": " + put.body());
        }
        return new Pushed("sha256:" + Tarballs.sha256(manifestBytes), configDigest, layerDigests);
    }

    private String uploadBlob(String name, byte[] blob) throws Exception {
        String digest = "sha256:" + Tarballs.sha256(blob);
        HttpResponse<String> start = http.send(request(uri("/v2/" + name + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (start.statusCode() != 202) {
            throw new AssertionError("upload POST " + start.statusCode() + ": " + start.body());
        }
        String location = start.headers().firstValue("Location").orElseThrow();
        URI target = uri("/").resolve(location);
        String sep = target.getRawQuery() == null ? "?" : "&";
        HttpResponse<String> put = http.send(request(URI.create(target + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 201) {
            throw new AssertionError("upload PUT " + put.statusCode() + ": " + put.body());
        }
        return digest;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
