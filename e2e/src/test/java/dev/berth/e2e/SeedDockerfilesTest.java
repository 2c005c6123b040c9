package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.compose;
import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed notes' Dockerfile lessons, with busybox standing in for node, php and nginx (no Docker Hub here): the
 * node app of "실전에 참여하기" (WORKDIR, COPY package.json first, install, COPY the rest, EXPOSE, CMD; built with
 * {@code docker build .}, run by id with a published port, rebuilt after a code change that only the last COPY
 * misses), and the laravel project of section 8 (two services built by {@code docker-compose up -d --build} from
 * Dockerfiles in a sub-folder with the project as context, one published on the host).
 */
class SeedDockerfilesTest {
    private static final Pattern BUILT = Pattern.compile("Successfully built ([0-9a-f]{12})");

    @TempDir
    Path dir;

    @Test
    void theNodeAppBuildsRunsOnItsPortAndRebuildsFromTheChangedCopy() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8); // content no earlier run has cached
        Path app = Files.createDirectories(dir.resolve("node-app"));
        Files.writeString(app.resolve("Dockerfile"), """
                FROM busybox
                WORKDIR /app
                COPY package.json .
                RUN mkdir node_modules && cp package.json node_modules/.installed
                COPY . .
                EXPOSE 3000
                CMD [ "httpd", "-f", "-p", "3000", "-h", "/app/public" ]
                """);
        Files.writeString(app.resolve("package.json"), "{\"name\": \"seed\"}\n");
        Files.createDirectories(app.resolve("public"));
        Files.writeString(app.resolve("public/index.html"), "goal v1 " + run + "\n");
        String first = imageOf(docker("build", app.toString()).ok());
        String container = null;
        try {
            int port = freePort();
            container = docker("run", "-d", "-p", "127.0.0.1:" + port + ":3000", first).ok().trimmed();
            assertEquals("goal v1 " + run + "\n", Http.getEventually("http://127.0.0.1:" + port + "/index.html"));
            assertEquals("[3000/tcp:{}]", docker("image", "inspect", "-f", "{{.Config.ExposedPorts}}", first).ok()
                    .trimmed().replace("map", ""));
            docker("rm", "-f", container).ok();

            // the code changed: the image is a snapshot, so it is rebuilt; the install step comes from the cache
            Files.writeString(app.resolve("public/index.html"), "goal v2 " + run + "\n");
            DockerCli.Result rebuilt = docker("build", app.toString()).ok();
            assertEquals(3, rebuilt.out().split(" ---> Using cache", -1).length - 1, rebuilt.out());
            assertTrue(rebuilt.out().contains("cache miss: COPY . . — app/public/index.html content changed"),
                    rebuilt.out());
            String second = imageOf(rebuilt);
            container = docker("run", "-d", "-p", "127.0.0.1:" + port + ":3000", second).ok().trimmed();
            assertEquals("goal v2 " + run + "\n", Http.getEventually("http://127.0.0.1:" + port + "/index.html"));
            assertEquals("{\"name\": \"seed\"}", docker("exec", container, "cat", "node_modules/.installed").ok()
                    .trimmed());
        } finally {
            if (container != null) {
                docker("rm", "-f", container);
            }
            docker("rmi", "-f", first);
        }
    }

    @Test
    void composeUpBuildBuildsServicesFromDockerfilesInASubFolder() throws Exception {
        String project = "e2eseed" + UUID.randomUUID().toString().substring(0, 8);
        Path root = Files.createDirectories(dir.resolve("laravel"));
        Files.createDirectories(root.resolve("dockerfiles"));
        Files.createDirectories(root.resolve("nginx"));
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("nginx/nginx.conf"), "server { listen 80; }\n");
        Files.writeString(root.resolve("src/index.html"), "from src\n");
        Files.writeString(root.resolve("dockerfiles/nginx.dockerfile"), """
                FROM busybox
                WORKDIR /etc/nginx/conf.d
                COPY nginx/nginx.conf .
                RUN mv nginx.conf default.conf
                WORKDIR /var/www/html
                COPY src .
                CMD ["httpd", "-f", "-p", "80", "-h", "/var/www/html"]
                """);
        Files.writeString(root.resolve("dockerfiles/php.dockerfile"), """
                FROM busybox
                WORKDIR /var/www/html
                COPY src .
                RUN chown -R 33:33 /var/www/html
                CMD ["sleep", "300"]
                """);
        int port = freePort();
        Files.writeString(root.resolve("docker-compose.yml"), """
                version: "3.8"
                services:
                  server:
                    build:
                      context: .
                      dockerfile: dockerfiles/nginx.dockerfile
                    ports:
                      - '127.0.0.1:%d:80'
                    depends_on:
                      - php
                  php:
                    build:
                      context: .
                      dockerfile: dockerfiles/php.dockerfile
                """.formatted(port));
        try {
            compose(root, "-p", project, "up", "-d", "--build").ok();
            assertEquals("from src\n", Http.getEventually("http://127.0.0.1:" + port + "/index.html"));
            assertEquals("server { listen 80; }", docker("exec", project + "_server_1", "cat",
                    "/etc/nginx/conf.d/default.conf").ok().trimmed());
            assertEquals("33:33", docker("exec", project + "_php_1", "stat", "-c", "%u:%g", "/var/www/html/index.html")
                    .ok().trimmed());

            // "docker-compose up -d --build server": one service rebuilt with the changed source, and recreated
            Files.writeString(root.resolve("src/index.html"), "changed src\n");
            compose(root, "-p", project, "up", "-d", "--build", "server").ok();
            assertEquals("changed src\n", Http.getEventually("http://127.0.0.1:" + port + "/index.html"));
        } finally {
            compose(root, "-p", project, "down", "--rmi", "local", "-v");
        }
        assertEquals("", docker("ps", "-aq", "--filter", "name=" + project).ok().trimmed());
    }

    private static String imageOf(DockerCli.Result build) {
        Matcher built = BUILT.matcher(build.out());
        assertTrue(built.find(), build.out());
        return built.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
