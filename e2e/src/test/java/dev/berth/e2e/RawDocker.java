package dev.berth.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Plain HTTP/1.1 over berth's socket, one connection per request, for what the docker CLI does not show: status
 * lines, headers, raw or multiplexed bodies, and upgraded (hijacked) connections that stay open for stdin.
 */
final class RawDocker implements Closeable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final SocketChannel ch;

    private RawDocker() throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(DockerCli.HOST.replaceFirst("^unix://", "")));
    }

    /**
     * A response: its head (status line and headers), body (de-chunked), whether the server closed, and whether it
     * closed before the body's end (a chunked body without its last chunk, a sized one short of its length).
     */
    record Response(String head, byte[] body, boolean closed, boolean cutOff) {
        int status() {
            return Integer.parseInt(head.split(" ", 3)[1]);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** One request and its whole response (until the server ends it, or {@code timeoutMs}). */
    static Response call(String method, String path, String jsonBody, long timeoutMs) throws IOException {
        try (RawDocker d = open(method, path, jsonBody, false)) {
            return d.read(timeoutMs);
        }
    }

    static Response call(String method, String path, String jsonBody) throws IOException {
        return call(method, path, jsonBody, 30_000);
    }

    /**
     * A request whose head announces a body of {@code announced} bytes that it never sends: the answer a client gets
     * while it is still sending its body (a build context), or none within {@code timeoutMs}.
     */
    static Response callBeforeBody(String method, String path, String contentType, long announced, long timeoutMs)
            throws IOException {
        try (RawDocker d = new RawDocker()) {
            d.write((method + " " + path + " HTTP/1.1\r\nHost: docker\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + announced + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return d.read(timeoutMs);
        }
    }

    /** Sends a request; with {@code upgrade} it asks for the hijacked tcp stream as the docker CLI does. */
    static RawDocker open(String method, String path, String jsonBody, boolean upgrade) throws IOException {
        RawDocker d = new RawDocker();
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: docker\r\n"
                + (jsonBody == null ? "" : "Content-Type: application/json\r\n")
                + (upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "")
                + "Content-Length: " + body.length + "\r\n\r\n";
        d.write(head.getBytes(StandardCharsets.US_ASCII));
        d.write(body);
        return d;
    }

    void write(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads until the server closes, a complete sized/chunked body arrived, or the time is up. */
    Response read(long timeoutMs) throws IOException {
        ch.configureBlocking(false);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long end = System.currentTimeMillis() + timeoutMs;
        boolean closed = false;
        while (System.currentTimeMillis() < end) {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) {
                closed = true;
                break;
            }
            if (n == 0) {
                if (complete(got.toByteArray())) {
                    break;
                }
                sleep(20);
                continue;
            }
            got.write(buf.array(), 0, n);
        }
        byte[] all = got.toByteArray();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return new Response(text, new byte[0], closed, false);
        }
        String head = text.substring(0, headEnd);
        byte[] body = java.util.Arrays.copyOfRange(all, headEnd + 4, all.length);
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        String lower = head.toLowerCase(Locale.ROOT);
        boolean sized = lower.contains("transfer-encoding: chunked") || lower.contains("content-length:");
        return new Response(head, body, closed, closed && sized && !complete(all));
    }

    /** Whether a sized or chunked (non-streaming) response is all there. */
    private static boolean complete(byte[] all) {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
        if (head.matches("http/1\\.[01] (204|304)\\b[\\s\\S]*")) {
            return true; // a response without a body: the server keeps the connection open for the next request
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("content-length: *([0-9]+)").matcher(head);
        if (m.find()) {
            return all.length - headEnd - 4 >= Integer.parseInt(m.group(1));
        }
        return head.contains("transfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n");
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = indexOf(body, i);
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(body, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(body, start, Math.min(size, body.length - start));
            i = start + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Docker's 8-byte frames → {stdout, stderr}; throws if the body is not multiplexed. */
    static String[] demux(byte[] body) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int i = 0;
        while (i + 8 <= body.length) {
            int stream = body[i];
            if (stream < 0 || stream > 2 || body[i + 1] != 0 || body[i + 2] != 0 || body[i + 3] != 0) {
                throw new IllegalStateException("not a multiplexed stream at " + i);
            }
            int len = ByteBuffer.wrap(body, i + 4, 4).getInt();
            String s = new String(body, i + 8, len, StandardCharsets.UTF_8);
            (stream == 2 ? err : out).append(s);
            i += 8 + len;
        }
        if (i != body.length) {
            throw new IllegalStateException("trailing bytes after the last frame");
        }
        return new String[] {out.toString(), err.toString()};
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
