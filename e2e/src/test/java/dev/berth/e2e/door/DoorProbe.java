package dev.berth.e2e.door;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The hands of {@code DoorTest}: a separate JVM that {@code DoorTest} starts as {@code nobody} (with an empty
 * environment) to try berth's doors, and as root with the real credentials (in its environment) as the positive
 * control. Each argument is one attempt, {@code key=value} pairs separated by {@code ;}:
 *
 * <ul>
 *   <li>{@code kind=http-get;target=tcp:127.0.0.1:7103[;path=...][;token=env]} — {@code GET /containers/json} (or
 *       the path given, sent as it is: no dot segment is resolved), with {@code X-Berth-Service-Token} from
 *       {@code BERTH_SERVICE_TOKEN} when {@code token=env}</li>
 *   <li>{@code kind=http-create;target=unix:/run/berth/docker.sock;name=...[;path=...]} —
 *       {@code POST /containers/create?name=...} (or the path given) with {@code /} bind-mounted</li>
 *   <li>{@code kind=unix-access;target=unix:/path} — may this user connect(2) to the socket at all (write
 *       permission on the socket file and search permission on its directories, as the kernel checks it)</li>
 *   <li>{@code kind=pg;target=tcp:127.0.0.1:5433|unix:/run/berth/pg/.s.PGSQL.5433;user=berth;password=...;db=...}
 *       — a login with {@code psql}</li>
 *   <li>{@code kind=kafka-list|kafka-controllers|kafka-produce|kafka-consume;target=127.0.0.1:9192;
 *       protocol=PLAINTEXT|SASL_PLAINTEXT;mechanism=PLAIN|SCRAM-SHA-256;user=...;password=...}</li>
 * </ul>
 *
 * A password is {@code literal:<guess>}, {@code empty}, or {@code env:<VARIABLE>} (a real secret, read from this
 * process's environment and never printed). Every attempt prints one JSON line: {@code id, kind, target,
 * credentials, refused, outcome, ms}; {@code refused} is false when the attempt got in (a 2xx answer, a login, a
 * topic listed, a record written or offsets read), and {@code probeError} is true when the probe itself broke
 * (a missing class, a bad configuration): such a line proves nothing and fails the test. The first line,
 * {@code kind=whoami}, tells who ran the probe and which environment variable names it saw.
 */
public final class DoorProbe {
    static final String TOPIC = "berth.container";
    /**
     * How long one attempt may take. A timeout counts as refused, so it must be long enough for an open door to
     * answer on a loaded machine: the positive controls run at the same time with the same limits and show it is.
     */
    private static final long ATTEMPT_MS = 12_000;
    private static final long DEADLINE_MS = 45_000;
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");
    private static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([0-9a-f]{12,64})\"");

    private DoorProbe() {
    }

    /** One attempt's result. */
    record Result(Map<String, String> spec, boolean refused, boolean probeError, String outcome, long ms,
            String containerId) {
    }

    public static void main(String[] args) throws Exception {
        print(whoami());
        List<Map<String, String>> specs = new ArrayList<>();
        for (String arg : args) {
            specs.add(parse(arg));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(64, specs.size())), r -> {
            Thread t = new Thread(r, "door-probe");
            t.setDaemon(true);
            return t;
        });
        Map<Map<String, String>, Future<?>> running = new LinkedHashMap<>();
        for (Map<String, String> spec : specs) {
            running.put(spec, pool.submit(() -> print(attempt(spec))));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        for (Map.Entry<Map<String, String>, Future<?>> e : running.entrySet()) {
            try {
                e.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException timeout) {
                e.getValue().cancel(true);
                print(new Result(e.getKey(), true, false, "no outcome within the probe's " + DEADLINE_MS + " ms",
                        DEADLINE_MS, null));
            }
        }
        System.out.flush();
        System.exit(0); // Kafka clients that timed out may still have threads trying
    }

    static Result attempt(Map<String, String> spec) {
        long start = System.nanoTime();
        try {
            Result r = switch (spec.get("kind")) {
                case "http-get" -> http(spec, "GET", spec.getOrDefault("path", "/containers/json"), null);
                case "http-create" -> http(spec, "POST", spec.getOrDefault("path", "/containers/create")
                        + "?name=" + spec.get("name"),
                        "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Binds\":[\"/:/host\"]}}");
                case "unix-access" -> unixAccess(spec);
                case "pg" -> postgres(spec);
                case "kafka-list", "kafka-controllers", "kafka-produce", "kafka-consume" -> kafka(spec);
                default -> new Result(spec, false, true, "unknown kind", 0, null);
            };
            return new Result(spec, r.refused, r.probeError, r.outcome, millis(start), r.containerId);
        } catch (LinkageError | ConfigException | IllegalArgumentException | NullPointerException e) {
            return new Result(spec, false, true, "probe broken: " + describe(e), millis(start), null);
        } catch (Throwable e) {
            return new Result(spec, true, false, describe(e), millis(start), null);
        }
    }

    // ------------------------------------------------------------------------------------------ HTTP

    private static Result http(Map<String, String> spec, String method, String path, String body) throws Exception {
        String target = spec.get("target");
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nUser-Agent: berth-door-probe\r\nAccept: application/json\r\n")
                .append("Connection: close\r\n");
        if ("env".equals(spec.get("token"))) {
            String token = System.getenv("BERTH_SERVICE_TOKEN");
            if (token == null || token.isEmpty()) {
                return new Result(spec, true, false, "no BERTH_SERVICE_TOKEN in the probe's environment", 0, null);
            }
            head.append("X-Berth-Service-Token: ").append(token).append("\r\n");
        }
        if ("env".equals(spec.get("basic"))) {
            String password = System.getenv("BERTH_REGISTRY_PASSWORD");
            if (password == null || password.isEmpty()) {
                return new Result(spec, true, false, "no BERTH_REGISTRY_PASSWORD in the probe's environment", 0, null);
            }
            head.append("Authorization: Basic ").append(java.util.Base64.getEncoder().encodeToString(
                    ("berth:" + password).getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        request.write(content);

        SocketAddress address;
        SocketChannel channel;
        if (target.startsWith("unix:")) {
            address = UnixDomainSocketAddress.of(target.substring("unix:".length()));
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } else {
            String hostPort = target.substring("tcp:".length());
            int colon = hostPort.lastIndexOf(':');
            address = new InetSocketAddress(hostPort.substring(0, colon).replaceAll("^\\[|\\]$", ""),
                    Integer.parseInt(hostPort.substring(colon + 1)));
            channel = SocketChannel.open();
        }
        String answer;
        try (channel; Selector selector = Selector.open()) {
            answer = exchange(channel, selector, address, request.toByteArray());
        }
        String via = "";
        if (!STATUS.matcher(answer).find() && address instanceof InetSocketAddress inet) {
            // no HTTP over plain TCP: the port may speak HTTPS (services with BERTH_SERVICE_TLS_CERT); a stranger
            // would try that too, trusting any certificate
            String plain = answer.isEmpty() ? "connection closed without an answer" : "not HTTP: " + snippet(answer);
            try {
                answer = tlsExchange(inet, request.toByteArray());
                via = "over TLS: ";
            } catch (IOException | GeneralSecurityException tls) {
                return new Result(spec, true, false, plain + "; over TLS: " + describe(tls), 0, null);
            }
        }
        if (answer.isEmpty()) {
            return new Result(spec, true, false, via + "connection closed without an answer", 0, null);
        }
        Matcher m = STATUS.matcher(answer);
        if (!m.find()) {
            return new Result(spec, true, false, via + "not HTTP: " + snippet(answer), 0, null);
        }
        int status = Integer.parseInt(m.group(1));
        int bodyAt = answer.indexOf("\r\n\r\n");
        String shown = via + "HTTP " + status + (bodyAt >= 0 ? " " + snippet(answer.substring(bodyAt + 4)) : "");
        String id = null;
        if (status / 100 == 2 && body != null) {
            Matcher idm = ID.matcher(answer);
            id = idm.find() ? idm.group(1) : null;
        }
        return new Result(spec, status / 100 != 2, false, shown, 0, id);
    }

    /** Connects, writes the request and reads until the other side closes, 8 KiB or the attempt's time is up. */
    private static String exchange(SocketChannel channel, Selector selector, SocketAddress address, byte[] request)
            throws IOException {
        long deadline = System.currentTimeMillis() + ATTEMPT_MS;
        channel.configureBlocking(false);
        if (!channel.connect(address)) {
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            while (!channel.finishConnect()) {
                waitFor(selector, deadline, "connect");
            }
            key.cancel();
            selector.selectNow();
        }
        ByteBuffer out = ByteBuffer.wrap(request);
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                waitFor(selector, deadline, "write");
            }
        }
        key.interestOps(SelectionKey.OP_READ);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (in.size() < 8192) {
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException reset) {
                break; // what arrived before a reset still tells what happened
            }
            if (n < 0) {
                break;
            }
            if (n == 0) {
                if (System.currentTimeMillis() >= deadline) {
                    if (in.size() == 0) {
                        throw new IOException("no answer within " + ATTEMPT_MS + " ms");
                    }
                    break;
                }
                selector.select(Math.max(1, Math.min(200, deadline - System.currentTimeMillis())));
                selector.selectedKeys().clear();
                continue;
            }
            in.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return in.toString(StandardCharsets.ISO_8859_1);
    }

    /** The same exchange over TLS, trusting whatever certificate the port shows (a stranger would). */
    private static String tlsExchange(InetSocketAddress address, byte[] request)
            throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (Socket raw = new Socket()) {
            raw.connect(address, (int) ATTEMPT_MS);
            raw.setSoTimeout((int) ATTEMPT_MS);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw,
                    address.getHostString(), address.getPort(), true)) {
                tls.startHandshake();
                tls.getOutputStream().write(request);
                tls.getOutputStream().flush();
                ByteArrayOutputStream in = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                try {
                    int n;
                    while (in.size() < 8192 && (n = tls.getInputStream().read(buffer)) > 0) {
                        in.write(buffer, 0, n);
                    }
                } catch (SocketTimeoutException | SSLException endOfAnswer) {
                    if (in.size() == 0) {
                        throw endOfAnswer;
                    }
                }
                return in.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private static void waitFor(Selector selector, long deadline, String what) throws IOException {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            throw new IOException(what + " timed out after " + ATTEMPT_MS + " ms");
        }
        selector.select(left);
        selector.selectedKeys().clear();
    }

    // ------------------------------------------------------------------------------------------ unix sockets

    private static Result unixAccess(Map<String, String> spec) {
        Path socket = Path.of(spec.get("target").substring("unix:".length()));
        // Files.isWritable is access(2) with the real uid: the check connect(2) makes on a socket's path
        boolean writable = Files.isWritable(socket);
        return new Result(spec, !writable, false, writable ? "connect(2) permitted (socket writable)"
                : "connect(2) not permitted (no write permission on the socket or no search permission above it)",
                0, null);
    }

    // ------------------------------------------------------------------------------------------ PostgreSQL

    private static Result postgres(Map<String, String> spec) throws Exception {
        String target = spec.get("target");
        String host;
        String port;
        if (target.startsWith("unix:")) {
            Path socket = Path.of(target.substring("unix:".length()));
            host = socket.getParent().toString();
            port = socket.getFileName().toString().replace(".s.PGSQL.", "");
        } else {
            String hostPort = target.substring("tcp:".length());
            int colon = hostPort.lastIndexOf(':');
            host = hostPort.substring(0, colon).replaceAll("^\\[|\\]$", "");
            port = hostPort.substring(colon + 1);
        }
        List<String> command = new ArrayList<>(List.of(spec.getOrDefault("psql", "psql"), "-X", "-w", "-A", "-t",
                "-h", host, "-p", port, "-d", spec.getOrDefault("db", "postgres"), "-c", "select current_user"));
        if (spec.containsKey("user")) {
            command.addAll(List.of("-U", spec.get("user")));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("BERTH_"));
        pb.environment().put("PGCONNECT_TIMEOUT", "5");
        String password = password(spec);
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readNBytes(4096);
        }
        if (!p.waitFor(ATTEMPT_MS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new Result(spec, true, false, "psql did not finish within " + ATTEMPT_MS + " ms", 0, null);
        }
        String text = snippet(new String(out, StandardCharsets.UTF_8));
        return p.exitValue() == 0
                ? new Result(spec, false, false, "logged in as " + text, 0, null)
                : new Result(spec, true, false, "psql exit " + p.exitValue() + ": " + text, 0, null);
    }

    // ------------------------------------------------------------------------------------------ Kafka

    private static Result kafka(Map<String, String> spec) throws Exception {
        String kind = spec.get("kind");
        Properties p = new Properties();
        p.put(kind.equals("kafka-controllers") ? "bootstrap.controllers" : "bootstrap.servers", spec.get("target"));
        p.put("client.id", "berth-door-probe");
        p.put("security.protocol", spec.getOrDefault("protocol", "PLAINTEXT"));
        if (spec.getOrDefault("protocol", "PLAINTEXT").startsWith("SASL")) {
            String mechanism = spec.get("mechanism");
            String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            String password = password(spec);
            if (password == null) {
                return new Result(spec, true, false, "no password for " + spec.get("password"), 0, null);
            }
            p.put("sasl.mechanism", mechanism);
            p.put("sasl.jaas.config", module + " required username=\"" + jaas(spec.get("user")) + "\" password=\""
                    + jaas(password) + "\";");
        }
        p.put("request.timeout.ms", String.valueOf(ATTEMPT_MS - 2000));
        p.put("default.api.timeout.ms", String.valueOf(ATTEMPT_MS));
        p.put("socket.connection.setup.timeout.ms", "5000");
        p.put("socket.connection.setup.timeout.max.ms", "5000");
        p.put("reconnect.backoff.max.ms", "1000");
        p.put("retry.backoff.max.ms", "1000");
        return switch (kind) {
            case "kafka-list", "kafka-controllers" -> kafkaAdmin(spec, p, kind.equals("kafka-controllers"));
            case "kafka-produce" -> kafkaProduce(spec, p);
            default -> kafkaConsume(spec, p);
        };
    }

    private static Result kafkaAdmin(Map<String, String> spec, Properties p, boolean controllers) throws Exception {
        Admin admin = Admin.create(p);
        try {
            if (controllers) {
                String cluster = admin.describeCluster().clusterId().get(ATTEMPT_MS + 1000, TimeUnit.MILLISECONDS);
                return new Result(spec, false, false, "controller described cluster " + cluster, 0, null);
            }
            Collection<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)
                    .timeoutMs((int) ATTEMPT_MS)).names().get(ATTEMPT_MS + 1000, TimeUnit.MILLISECONDS);
            return new Result(spec, false, false, "listed topics " + new TreeSet<>(names), 0, null);
        } finally {
            quietly(() -> admin.close(Duration.ZERO));
        }
    }

    private static Result kafkaProduce(Map<String, String> spec, Properties p) throws Exception {
        p.put("max.block.ms", String.valueOf(ATTEMPT_MS));
        p.put("delivery.timeout.ms", String.valueOf(ATTEMPT_MS));
        p.put("linger.ms", "0");
        p.put("acks", "all");
        p.put("enable.idempotence", "false");
        p.put("retries", "0");
        KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        try {
            // not JSON: every berth consumer logs and skips a record that is not a CloudEvent
            RecordMetadata written = producer.send(new ProducerRecord<>(TOPIC, "berth-door-probe",
                    "not an event: berth DoorTest probe, written by a user that should have been refused"))
                    .get(ATTEMPT_MS + 1000, TimeUnit.MILLISECONDS);
            return new Result(spec, false, false, "wrote " + TOPIC + "-" + written.partition() + " offset "
                    + written.offset(), 0, null);
        } finally {
            quietly(() -> producer.close(Duration.ZERO));
        }
    }

    private static Result kafkaConsume(Map<String, String> spec, Properties p) {
        // no group.id: the probe assigns partitions itself and commits nothing, so no consumer group is left
        p.put("allow.auto.create.topics", "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer());
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, Duration.ofMillis(ATTEMPT_MS));
            if (partitions == null || partitions.isEmpty()) {
                // the broker served metadata to this client: it got in, even if the topic is not there
                return new Result(spec, false, false, "metadata answered, but " + TOPIC + " has no partitions",
                        0, null);
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<Integer, Long> offsets = new TreeMap<>();
            for (TopicPartition tp : assigned) {
                offsets.put(tp.partition(), consumer.position(tp, Duration.ofMillis(ATTEMPT_MS)));
            }
            int records = 0;
            long until = System.currentTimeMillis() + 2000;
            while (records == 0 && System.currentTimeMillis() < until) {
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(500));
                records += polled.count();
            }
            return new Result(spec, false, false, "read " + TOPIC + " start offsets " + offsets + ", polled "
                    + records + " records", 0, null);
        } finally {
            quietly(() -> consumer.close(Duration.ZERO));
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void quietly(Runnable close) {
        try {
            close.run();
        } catch (RuntimeException ignored) {
            // the attempt's outcome is what matters
        }
    }

    /** The password an attempt uses: {@code literal:x}, {@code empty}, {@code env:NAME}, or none (null). */
    private static String password(Map<String, String> spec) {
        String p = spec.get("password");
        if (p == null) {
            return null;
        }
        if (p.equals("empty")) {
            return "";
        }
        if (p.startsWith("literal:")) {
            return p.substring("literal:".length());
        }
        if (p.startsWith("env:")) {
            String value = System.getenv(p.substring("env:".length()));
            return value == null || value.isEmpty() ? null : value;
        }
        throw new IllegalArgumentException("password source " + p);
    }

    /** How an attempt's credentials are shown: guesses as they are, real secrets by the variable they came from. */
    static String credentials(Map<String, String> spec) {
        String user = spec.get("user");
        String p = spec.get("password");
        String shown = p == null ? "" : p.equals("empty") ? "/(empty)" : p.startsWith("literal:")
                ? "/" + p.substring("literal:".length()) : "/<$" + p.substring("env:".length()) + ">";
        String mechanism = spec.containsKey("mechanism") ? spec.get("mechanism") + " " : "";
        String protocol = spec.containsKey("protocol") ? spec.get("protocol") + " " : "";
        String token = "env".equals(spec.get("token")) ? "service token from $BERTH_SERVICE_TOKEN"
                : "env".equals(spec.get("basic")) ? "registry password from $BERTH_REGISTRY_PASSWORD" : "";
        String who = user == null ? "" : user + shown;
        String all = (protocol + mechanism + who + token).trim();
        return all.isEmpty() ? "none" : all;
    }

    private static String jaas(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    static Map<String, String> parse(String arg) {
        Map<String, String> spec = new LinkedHashMap<>();
        for (String pair : arg.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                spec.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return spec;
    }

    private static Result whoami() {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("id", "whoami");
        spec.put("kind", "whoami");
        String uid = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = line.substring(4).trim().split("\\s+")[0];
                }
            }
        } catch (IOException e) {
            uid = "unknown: " + e.getMessage();
        }
        spec.put("target", "uid " + uid);
        String kafka;
        try {
            kafka = AppInfoParser.getVersion();
        } catch (LinkageError e) {
            kafka = "missing: " + e;
        }
        return new Result(spec, true, false, "uid=" + uid + " user.name=" + System.getProperty("user.name")
                + " kafka-clients=" + kafka + " env=" + new TreeSet<>(System.getenv().keySet()), 0, null);
    }

    private static synchronized void print(Result r) {
        StringBuilder json = new StringBuilder("{");
        field(json, "id", r.spec.getOrDefault("id", "?"));
        field(json, "kind", r.spec.getOrDefault("kind", "?"));
        field(json, "target", r.spec.getOrDefault("target", "?"));
        field(json, "credentials", credentials(r.spec));
        json.append("\"refused\":").append(r.refused).append(',');
        json.append("\"probeError\":").append(r.probeError).append(',');
        if (r.containerId != null) {
            field(json, "containerId", r.containerId);
        }
        field(json, "outcome", r.outcome);
        json.append("\"ms\":").append(r.ms).append('}');
        System.out.println(json);
        System.out.flush();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        for (char c : String.valueOf(value).toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append("\",");
    }

    private static String snippet(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while ((root instanceof java.util.concurrent.ExecutionException
                || root.getClass().getName().equals("org.apache.kafka.common.KafkaException"))
                && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + snippet(String.valueOf(root.getMessage()));
    }

    private static long millis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
