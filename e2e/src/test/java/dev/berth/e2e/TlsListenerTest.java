package dev.berth.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker API over TCP as {@code dockerd --tlsverify} serves it ({@code BERTH_TLS_LISTEN}, which {@code ./berth
 * test} always sets, with the client certificate {@code ./berth up} made under {@code $BERTH_DATA/tls/client}): the
 * docker CLI works with the client certificate, attach and exec included; a client without a certificate, with one
 * of another CA, or speaking plain HTTP gets no answer. And the socket as dockerd has it: 0660 root:<group>.
 */
class TlsListenerTest {
    private static final String LISTEN = System.getenv().getOrDefault("BERTH_TLS_LISTEN", "").trim();
    private static final Path DATA = Path.of(System.getenv().getOrDefault("BERTH_DATA", "/var/lib/berth"));
    private static final Path CLIENT = DATA.resolve("tls/client");
    private static final String PING = "GET /_ping HTTP/1.1\r\nHost: berth\r\nConnection: close\r\n\r\n";

    /** host and port to connect to: a wildcard listen address is reached on loopback. */
    private static String[] target() {
        String value = LISTEN.replaceFirst("^tcp://", "");
        int colon = value.lastIndexOf(':');
        String host = value.substring(0, colon).replace("[", "").replace("]", "");
        if (host.isEmpty() || host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::")) {
            host = "::1";
        }
        return new String[] {host, value.substring(colon + 1)};
    }

    private static String dockerHost() {
        String[] t = target();
        return "tcp://" + (t[0].contains(":") ? "[" + t[0] + "]" : t[0]) + ":" + t[1];
    }

    private static void assumeListener() {
        assumeTrue(!LISTEN.isEmpty(), "BERTH_TLS_LISTEN is not set: no TLS listener to test");
        assumeTrue(Files.isReadable(CLIENT.resolve("cert.pem")),
                "no client certificate made by ./berth up in " + CLIENT);
    }

    @Test
    void dockerCliWorksWithTheClientCertificate() {
        assumeListener();
        DockerCli.Result version = overTls(CLIENT, null, "version", "--format", "{{.Server.APIVersion}}");
        assertEquals(0, version.exit(), version.err());
        assertEquals("1.55", version.trimmed());
        DockerCli.Result run = overTls(CLIENT, null, "run", "--rm", "busybox", "echo", "hi");
        assertEquals(0, run.exit(), run.err());
        assertEquals("hi\n", run.out());
    }

    @Test
    void attachAndExecOverTls() {
        assumeListener();
        String name = "berth-e2e-tls-" + System.nanoTime();
        try {
            DockerCli.Result stdin = overTls(CLIENT, "through stdin\n", "run", "--rm", "-i", "busybox", "cat");
            assertEquals(0, stdin.exit(), stdin.err());
            assertEquals("through stdin\n", stdin.out());

            assertEquals(0, overTls(CLIENT, null, "run", "-d", "--name", name, "busybox", "sleep", "300").exit());
            DockerCli.Result exec = overTls(CLIENT, null, "exec", name, "sh", "-c", "echo from exec; exit 3");
            assertEquals(3, exec.exit(), exec.err());
            assertEquals("from exec\n", exec.out());
            DockerCli.Result execStdin = overTls(CLIENT, "to exec\n", "exec", "-i", name, "cat");
            assertEquals(0, execStdin.exit(), execStdin.err());
            assertEquals("to exec\n", execStdin.out());
        } finally {
            overTls(CLIENT, null, "rm", "-f", name);
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        assumeListener();
        // the same client with the certificate is answered: the refusal below is the server's
        String answered = overJavaTls(tlsContext(CLIENT));
        assertTrue(answered.startsWith("HTTP/1.1 200"), answered);
        String refused = overJavaTls(tlsContext(null));
        assertFalse(refused.startsWith("HTTP/"), "answered without a client certificate: " + refused);
    }

    @Test
    void aClientCertificateOfAnotherCaIsRefused(@TempDir Path dir) throws Exception {
        assumeListener();
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other-ca-key.pem");
        openssl(dir, "req", "-x509", "-new", "-key", "other-ca-key.pem", "-subj", "/CN=another CA", "-days", "2",
                "-out", "other-ca.pem");
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
        openssl(dir, "req", "-new", "-key", "key.pem", "-subj", "/CN=client", "-out", "client.csr");
        Files.writeString(dir.resolve("ext.cnf"), "extendedKeyUsage=clientAuth\n");
        openssl(dir, "x509", "-req", "-in", "client.csr", "-CA", "other-ca.pem", "-CAkey", "other-ca-key.pem",
                "-set_serial", "7", "-days", "2", "-extfile", "ext.cnf", "-out", "cert.pem");
        // the server's own CA, so the client trusts the server and only the server can refuse
        Files.copy(CLIENT.resolve("ca.pem"), dir.resolve("ca.pem"));

        DockerCli.Result foreign = overTls(dir, null, "version", "--format", "{{.Server.APIVersion}}");
        assertNotEquals(0, foreign.exit(), foreign.out());
        assertFalse(foreign.out().contains("1.55"), foreign.out());
        assertTrue(foreign.err().contains("certificate"), foreign.err());
        DockerCli.Result run = overTls(dir, null, "run", "--rm", "busybox", "echo", "hi");
        assertNotEquals(0, run.exit(), run.out());
        assertFalse(run.out().contains("hi"), run.out());
        // the docker CLI sends no certificate the server did not ask for (its CA is not the listener's); this
        // client presents it anyway, and the server's certificate check refuses it
        String presented = overJavaTls(tlsContext(dir));
        assertFalse(presented.startsWith("HTTP/"), "answered a certificate of another CA: " + presented);
        assertTrue(presented.startsWith("refused: "), presented);
    }

    @Test
    void plainHttpIsRefused() throws Exception {
        assumeListener();
        String[] t = target();
        String response;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(t[0], Integer.parseInt(t[1])), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(PING.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            response = readAll(socket.getInputStream());
        }
        assertFalse(response.startsWith("HTTP/"), "plain HTTP answered: " + response);
        assertFalse(response.contains("OK"), response);

        DockerCli.Result cli = run(Map.of("DOCKER_HOST", dockerHost()), null, "version", "--format",
                "{{.Server.APIVersion}}");
        assertNotEquals(0, cli.exit(), cli.out());
        assertFalse(cli.out().contains("1.55"), cli.out());
    }

    @Test
    void theSocketIs0660RootAndItsGroup() throws Exception {
        Path socket = Path.of(System.getenv().getOrDefault("BERTH_SOCKET",
                DockerCli.HOST.replaceFirst("^unix://", "")));
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals(0, (int) Files.getAttribute(socket, "unix:uid"), "owner of " + socket);
        assertEquals(expectedGid(), (int) Files.getAttribute(socket, "unix:gid"), "group of " + socket);
        // the group reaches the socket through its directory ($BERTH_RUN: 0711)
        var dir = Files.getPosixFilePermissions(socket.getParent());
        assertTrue(dir.contains(PosixFilePermission.GROUP_EXECUTE) || dir.contains(PosixFilePermission.OTHERS_EXECUTE),
                socket.getParent() + " " + PosixFilePermissions.toString(dir));
    }

    /** BERTH_SOCKET_GROUP (a name or a gid), else docker when that group exists, else root. */
    private static int expectedGid() {
        String configured = System.getenv().getOrDefault("BERTH_SOCKET_GROUP", "").trim();
        if (!configured.isEmpty()) {
            Integer gid = gidOf(configured);
            if (gid != null) {
                return gid;
            }
            return Integer.parseInt(configured);
        }
        Integer docker = gidOf("docker");
        return docker != null ? docker : 0;
    }

    private static Integer gidOf(String group) {
        DockerCli.Result entry = run(Map.of(), null, List.of("getent", "group", group));
        if (entry.exit() != 0) {
            return null;
        }
        return Integer.parseInt(entry.trimmed().split(":")[2]);
    }

    /** {@code GET /_ping} over TLS with Java's client, trusting the server's CA, with or without the certificate. */
    private static String overJavaTls(SSLContext context) throws IOException {
        String[] t = target();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(t[0], Integer.parseInt(t[1])), 5000);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            socket.getOutputStream().write(PING.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            return "refused: " + e;
        }
    }

    /** Trusts the listener's CA; presents {@code certDir}'s cert.pem and key.pem (always) unless it is null. */
    private static SSLContext tlsContext(Path certDir) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(CLIENT.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", x509.generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManager[] keyManagers = null;
        if (certDir != null) {
            X509Certificate cert;
            try (InputStream in = Files.newInputStream(certDir.resolve("cert.pem"))) {
                cert = (X509Certificate) x509.generateCertificate(in);
            }
            String pem = Files.readString(certDir.resolve("key.pem"));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            keyManagers = new KeyManager[] {new AlwaysPresent(cert, key)};
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), null);
        return context;
    }

    /** A client key manager that presents its certificate whatever CAs the server names (JSSE's would not). */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509Certificate cert;
        private final PrivateKey key;

        AlwaysPresent(X509Certificate cert, PrivateKey key) {
            this.cert = cert;
            this.key = key;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {cert};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) > 0; ) {
                buffer.write(chunk, 0, n);
            }
        } catch (IOException e) {
            if (buffer.size() == 0) {
                throw e;
            }
        }
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        DockerCli.Result result = run(pb, null);
        assertEquals(0, result.exit(), String.join(" ", command) + ": " + result.err());
    }

    /** The docker CLI at the TLS listener with the client certificate in {@code certPath}. */
    private static DockerCli.Result overTls(Path certPath, String stdin, String... args) {
        return run(Map.of("DOCKER_HOST", dockerHost(), "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH",
                certPath.toString()), stdin, args);
    }

    private static DockerCli.Result run(Map<String, String> env, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        return run(env, stdin, command);
    }

    private static DockerCli.Result run(Map<String, String> env, String stdin, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("DOCKER_TLS_VERIFY");
        pb.environment().remove("DOCKER_CERT_PATH");
        pb.environment().putAll(env);
        return run(pb, stdin);
    }

    private static DockerCli.Result run(ProcessBuilder pb, String stdin) {
        try {
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", pb.command()) + " did not finish in 120 s");
            }
            return new DockerCli.Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
