package dev.berth.e2e.door;

import static dev.berth.e2e.door.DoorProbe.ATTEMPT_MS;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** One request written and its answer read as bytes, within the attempt's time: over a socket channel, or over TLS. */
final class Exchange {
    private Exchange() {
    }

    /** Connects, writes the request and reads until the other side closes, 8 KiB or the attempt's time is up. */
    static String plain(SocketChannel channel, Selector selector, SocketAddress address, byte[] request)
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
    static String overTls(InetSocketAddress address, byte[] request)
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
}
