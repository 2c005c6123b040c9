package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /build?remote=…} (docker-py's and compose 1.29's path) and {@code docker build <url>} (the CLI fetches
 * the URL itself): a gzip tarball, a Dockerfile served as text, and a git repository on a dumb-HTTP server with
 * {@code #branch:subdir}, all from an HTTP server in this test; and the errors of URLs that do not lead anywhere.
 */
class BuildRemoteTest {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String BASE = "e2e-remote-base:" + ID;
    private static final String IMAGE = "e2e-remote-" + ID;
    private static final Path UPLOADS = Path.of(System.getenv().getOrDefault("BERTH_DATA", "/var/lib/berth"),
            "build", "work");

    @TempDir
    static Path dir;
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void serve() throws Exception {
        Tarballs.importBusybox(dir, BASE);
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.write(site.resolve("context.tar.gz"), gzipTar(List.of(
                "Dockerfile", "FROM " + BASE + "\nCOPY hello.txt /\nCMD [\"cat\", \"/hello.txt\"]\n",
                "hello.txt", "from the tarball " + ID + "\n")));
        Files.writeString(site.resolve("Dockerfile"), "FROM " + BASE + "\nCMD [\"echo\", \"from text " + ID + "\"]\n");
        gitRepository(site);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path file = site.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(site) || !Files.isRegularFile(file)) {
                byte[] body = "no such file".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return;
            }
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            // a server that does not know the type of a file called "Dockerfile": dockerd sniffs it as text
            exchange.getResponseHeaders().set("Content-Type", file.toString().endsWith(".gz")
                    ? "application/gzip" : "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
        docker("rmi", "-f", IMAGE + ":tar", IMAGE + ":text", IMAGE + ":git", IMAGE + ":cli", IMAGE + ":cligit", BASE);
    }

    /** A repository with branch {@code feature} whose {@code app/} holds a Dockerfile, cloned bare for dumb HTTP. */
    private static void gitRepository(Path site) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        git(work, "init", "-q", "-b", "master");
        Files.writeString(work.resolve("README"), "root\n");
        git(work, "add", ".");
        git(work, "commit", "-q", "-m", "first");
        git(work, "checkout", "-q", "-b", "feature");
        Files.createDirectories(work.resolve("app"));
        Files.writeString(work.resolve("app/Dockerfile"), "FROM " + BASE + "\nCOPY msg /\nCMD [\"cat\", \"/msg\"]\n");
        Files.writeString(work.resolve("app/msg"), "from git branch feature " + ID + "\n");
        git(work, "add", ".");
        git(work, "commit", "-q", "-m", "app");
        git(dir, "clone", "-q", "--bare", work.toString(), site.resolve("repo.git").toString());
        git(site.resolve("repo.git"), "update-server-info");
    }

    private static void git(Path in, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=e2e", "-c",
                "user.email=e2e@berth"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }

    private static byte[] gzipTar(List<String> namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (int i = 0; i < namesAndContents.size(); i += 2) {
                byte[] content = namesAndContents.get(i + 1).getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(namesAndContents.get(i));
                entry.setSize(content.length);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static RawDocker.Response build(String remote, String tag) throws IOException {
        String query = "remote=" + URLEncoder.encode(remote, StandardCharsets.UTF_8)
                + (tag == null ? "" : "&t=" + URLEncoder.encode(tag, StandardCharsets.UTF_8));
        return RawDocker.call("POST", "/build?" + query, null, 180_000);
    }

    private static long leftovers() throws IOException {
        if (!Files.isDirectory(UPLOADS)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(UPLOADS)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("upload-")).count();
        }
    }

    /** Builds {@code remote} as {@code tag} through the API; returns the stream after checking the image runs. */
    private static String buildAndRun(String remote, String tag, String expected) throws IOException {
        RawDocker.Response r = build(remote, tag);
        assertEquals(200, r.status(), r.text());
        assertTrue(r.text().contains("Successfully tagged " + tag), r.text());
        assertEquals(expected, docker("run", "--rm", tag).ok().trimmed());
        return r.text();
    }

    @Test
    void buildsFromAGzipTarballUrl() throws Exception {
        buildAndRun(base + "/context.tar.gz", IMAGE + ":tar", "from the tarball " + ID);
    }

    @Test
    void buildsFromADockerfileServedAsText() throws Exception {
        String stream = buildAndRun(base + "/Dockerfile", IMAGE + ":text", "from text " + ID);
        assertTrue(stream.contains("Step 1/2 : FROM " + BASE), stream);
    }

    @Test
    void buildsFromABranchAndSubdirectoryOfAGitRepository() throws Exception {
        buildAndRun(base + "/repo.git#feature:app", IMAGE + ":git", "from git branch feature " + ID);
        assertEquals(0, leftovers(), "no clone or download stays behind");
    }

    @Test
    void theDockerCliBuildsUrlsItFetchesItself() {
        docker("build", "-t", IMAGE + ":cli", base + "/context.tar.gz").ok();
        assertEquals("from the tarball " + ID, docker("run", "--rm", IMAGE + ":cli").ok().trimmed());
        docker("build", "-t", IMAGE + ":cligit", base + "/repo.git#feature:app").ok();
        assertEquals("from git branch feature " + ID, docker("run", "--rm", IMAGE + ":cligit").ok().trimmed());
    }

    @Test
    void urlsThatLeadNowhereAreClearErrors() throws Exception {
        RawDocker.Response refused = build("http://127.0.0.1:1/context.tar", null);
        assertEquals(500, refused.status(), refused.text());
        assertTrue(refused.json().path("message").asText().contains("Get \"http://127.0.0.1:1/context.tar\""),
                refused.text());

        RawDocker.Response missing = build(base + "/nothing.tar", null);
        assertEquals(404, missing.status(), missing.text());
        assertEquals("failed to GET " + base + "/nothing.tar with status 404: no such file",
                missing.json().path("message").asText());

        RawDocker.Response badRef = build(base + "/repo.git#no-such-branch", null);
        assertEquals(400, badRef.status(), badRef.text());
        assertTrue(badRef.json().path("message").asText().startsWith("error fetching: "), badRef.text());

        RawDocker.Response notGit = build(base + "/context.tar.gz.git", null);
        assertEquals(400, notGit.status(), notGit.text());

        RawDocker.Response outside = build(base + "/repo.git#feature:../..", null);
        assertEquals(400, outside.status(), outside.text());
        assertTrue(outside.json().path("message").asText().contains("not within git root"), outside.text());

        RawDocker.Response scheme = build("ftp://127.0.0.1/context.tar", null);
        assertEquals(400, scheme.status(), scheme.text());
        assertEquals("remoteURL (ftp://127.0.0.1/context.tar) could not be recognized as URL",
                scheme.json().path("message").asText());
        assertEquals(0, leftovers(), "failed fetches leave nothing behind");
    }
}
