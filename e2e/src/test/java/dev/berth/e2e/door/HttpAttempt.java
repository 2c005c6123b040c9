package dev.berth.e2e.door;

import static dev.berth.e2e.door.Result.describe;
import static dev.berth.e2e.door.Result.snippet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kind=http-get|http-create}: one HTTP request over a TCP port or a unix socket, sent as it is (no dot segment
 * is resolved); over TLS when the port does not speak plain HTTP. Only a 2xx answer gets in.
 */
final class HttpAttempt {
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");
    private static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([0-9a-f]{12,64})\"");

    private HttpAttempt() {
    }

    /** {@code GET /containers/json}, or the path given. */
    static Result get(Map<String, String> spec) throws Exception {
        return http(spec, "GET", spec.getOrDefault("path", "/containers/json"), null);
    }

    /** {@code POST /containers/create?name=...} (or the path given) with {@code /} bind-mounted. */
    static Result create(Map<String, String> spec) throws Exception {
        return http(spec, "POST", spec.getOrDefault("path", "/containers/create") + "?name=" + spec.get("name"),
                "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Binds\":[\"/:/host\"]}}");
    }

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
            answer = Exchange.plain(channel, selector, address, request.toByteArray());
        }
        String via = "";
        if (!STATUS.matcher(answer).find() && address instanceof InetSocketAddress inet) {
            // no HTTP over plain TCP: the port may speak HTTPS (services with BERTH_SERVICE_TLS_CERT); a stranger
            // would try that too, trusting any certificate
            String plain = answer.isEmpty() ? "connection closed without an answer" : "not HTTP: " + snippet(answer);
            try {
                answer = Exchange.overTls(inet, request.toByteArray());
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
}
