package dev.berth.e2e;

import static dev.berth.e2e.DockerCli.docker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer-token auth against Debian's docker-registry: the test is the token server (JDK HttpServer, ES256 JWTs
 * whose x5c certificate is the registry's root bundle, basic credentials checked). docker login, push (scope
 * pull,push), pull.
 */
class RegistryTokenAuthTest {
    private static final String SERVICE = "berth-e2e-registry";
    private static final String ISSUER = "berth-e2e-issuer";
    private static final String USER = "alice";
    private static final String PASSWORD = "t0ken-s3cret";

    @TempDir
    Path dir;

    private final List<String> cleanup = new ArrayList<>();
    private final List<String> scopesAsked = new CopyOnWriteArrayList<>();
    private HttpServer tokens;

    @AfterEach
    void cleanUp() {
        cleanup.forEach(ref -> docker("rmi", "-f", ref));
        if (tokens != null) {
            tokens.stop(0);
        }
    }

    @Test
    void loginPushAndPullWithBearerTokens() throws Exception {
        Path keystore = dir.resolve("token.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "token", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg",
                "SHA256withECDSA", "-dname", "CN=berth-e2e-token", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String keytoolOut = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), keytoolOut);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
        Certificate cert = ks.getCertificate("token");
        Path bundle = dir.resolve("root.pem");
        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");

        tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens.createContext("/token", exchange -> issue(exchange, key, cert));
        tokens.start();
        String realm = "http://127.0.0.1:" + tokens.getAddress().getPort() + "/token";

        Path regDir = Files.createDirectories(dir.resolve("registry"));
        Path config = Files.createDirectories(dir.resolve("docker-config"));
        try (LocalRegistry registry = LocalRegistry.startWithTokenAuth(regDir, realm, SERVICE, ISSUER, bundle)) {
            Path rootfs = dir.resolve("rootfs.tar");
            Files.write(rootfs, Tarballs.busyboxRootfs());
            String image = registry.host() + "/e2e/tokens:1";
            cleanup.add(image);
            String id = docker("import", rootfs.toString(), image).ok().trimmed();

            DockerCli.Result anonymous = docker("push", image);
            assertNotEquals(0, anonymous.exit(), anonymous.out());

            DockerCli.Result login = RegistryPullTest.withConfig(config, PASSWORD + "\n", "login", registry.host(),
                    "-u", USER, "--password-stdin");
            assertEquals(0, login.exit(), login.err());

            DockerCli.Result push = RegistryPullTest.withConfig(config, null, "push", image);
            assertEquals(0, push.exit(), push.out() + push.err());
            assertTrue(push.out().contains(": Pushed"), push.out());
            assertTrue(scopesAsked.contains("repository:e2e/tokens:pull,push"), scopesAsked.toString());

            docker("rmi", image).ok();
            DockerCli.Result pull = RegistryPullTest.withConfig(config, null, "pull", image);
            assertEquals(0, pull.exit(), pull.out() + pull.err());
            assertEquals(id, docker("image", "inspect", "-f", "{{.Id}}", image).ok().trimmed());
        }
    }

    /** GET /token?service=&scope=… with basic credentials → {"token": ES256 JWT granting the scopes asked}. */
    private void issue(HttpExchange exchange, PrivateKey key, Certificate cert) throws java.io.IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            StringBuilder access = new StringBuilder();
            String query = exchange.getRequestURI().getRawQuery();
            for (String param : query == null ? new String[0] : query.split("&")) {
                if (!param.startsWith("scope=")) {
                    continue;
                }
                for (String scope : URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8).split(" ")) {
                    scopesAsked.add(scope);
                    String[] parts = scope.split(":");
                    if (parts.length != 3) {
                        continue;
                    }
                    access.append(access.length() == 0 ? "" : ",").append("{\"type\":\"").append(parts[0])
                            .append("\",\"name\":\"").append(parts[1]).append("\",\"actions\":[\"")
                            .append(String.join("\",\"", parts[2].split(","))).append("\"]}");
                }
            }
            long now = System.currentTimeMillis() / 1000;
            String header = "{\"typ\":\"JWT\",\"alg\":\"ES256\",\"x5c\":[\""
                    + Base64.getEncoder().encodeToString(cert.getEncoded()) + "\"]}";
            String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + USER + "\",\"aud\":\"" + SERVICE
                    + "\",\"exp\":" + (now + 300) + ",\"nbf\":" + (now - 10) + ",\"iat\":" + now + ",\"jti\":\""
                    + UUID.randomUUID() + "\",\"access\":[" + access + "]}";
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String signingInput = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(key);
            es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            String jwt = signingInput + "." + url.encodeToString(es256.sign());
            byte[] body = ("{\"token\":\"" + jwt + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (java.security.GeneralSecurityException e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }
}
