package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsListenerTest {

    record Tls(Optional<String> listen, Optional<String> cert, Optional<String> key, Optional<String> ca)
            implements ApiAccess.Tls {
    }

    @Test
    void addresses() {
        assertEquals(new TlsListener.Address("0.0.0.0", 2376), TlsListener.Address.parse("0.0.0.0:2376"));
        assertEquals(new TlsListener.Address("127.0.0.1", 2376), TlsListener.Address.parse(" 127.0.0.1:2376 "));
        assertEquals(new TlsListener.Address("0.0.0.0", 2376), TlsListener.Address.parse(":2376"));
        assertEquals(new TlsListener.Address("::", 2376), TlsListener.Address.parse("[::]:2376"));
        assertEquals(new TlsListener.Address("node1", 2376), TlsListener.Address.parse("tcp://node1:2376"));
        assertEquals("[::1]:2376", TlsListener.Address.parse("[::1]:2376").toString());
        for (String bad : new String[] {"2376", "host:", "host:x", "host:0", "host:65536", "::1:2376"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> TlsListener.Address.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("BERTH_TLS_LISTEN=" + bad + ": expected host:port"), e.getMessage());
        }
    }

    @Test
    void noListenerWithoutAnAddress() {
        assertTrue(TlsListener.configured(new Tls(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty())).isEmpty());
        assertTrue(TlsListener.configured(new Tls(Optional.of(" "), Optional.of("/c"), Optional.empty(),
                Optional.empty())).isEmpty());
    }

    @Test
    void noPlainTcpListener(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        var missingCa = assertThrows(IllegalStateException.class, () -> TlsListener.configured(new Tls(
                Optional.of("127.0.0.1:2376"), Optional.of(cert.toString()), Optional.of(key.toString()),
                Optional.empty())));
        assertTrue(missingCa.getMessage().contains("BERTH_TLS_CA is not"), missingCa.getMessage());
        var unreadable = assertThrows(IllegalStateException.class, () -> TlsListener.configured(new Tls(
                Optional.of("127.0.0.1:2376"), Optional.of(cert.toString()), Optional.of(key.toString()),
                Optional.of(dir.resolve("nope.pem").toString()))));
        assertTrue(unreadable.getMessage().contains("BERTH_TLS_CA=" + dir.resolve("nope.pem") + ": not a readable"),
                unreadable.getMessage());
        assertTrue(TlsListener.configured(new Tls(Optional.of("127.0.0.1:2376"), Optional.of(cert.toString()),
                Optional.of(key.toString()), Optional.of(cert.toString()))).isPresent());
    }

    @Test
    void refusalsAreLoggedInOneShortLine() {
        assertEquals("not TLS (plain HTTP?)",
                TlsListener.reason(new io.netty.handler.ssl.NotSslRecordException("not an SSL/TLS record: 4745")));
        assertEquals("Empty client certificate chain",
                TlsListener.reason(new javax.net.ssl.SSLHandshakeException("Empty client certificate chain")));
        assertEquals(161, TlsListener.reason(new RuntimeException("x".repeat(500) + "\nmore")).length());
    }
}
