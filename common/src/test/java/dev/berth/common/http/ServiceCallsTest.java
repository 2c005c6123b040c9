package dev.berth.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceCallsTest {

    @Test
    void aServiceThatIsDownIsA503InWordsWithoutJavaClassNames() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build();

        BerthException e = assertThrows(BerthException.class,
                () -> ServiceCalls.send(ServiceCalls.client(Duration.ofSeconds(2)), request, "image-service"));

        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertEquals("image-service is not reachable: connection refused", e.getMessage());
        assertFalse(e.getMessage().contains("java."), e.getMessage());
    }
}
