package dev.berth.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void refusedConnectionOfThePoolIsA503InWords() {
        var refused = new CompletionException(new ConnectException("Connection refused: /127.0.0.1:5733"));
        assertEquals(503, DockerError.statusOf(refused));
        assertEquals("the database is not reachable: connection refused", DockerError.of(refused).message());
    }

    @Test
    void startingUpAndShuttingDownAre503s() {
        var starting = new PgException("the database system is starting up", "FATAL", "57P03", null);
        assertEquals(503, DockerError.statusOf(starting));
        assertEquals("the database is not reachable: it is starting up", DockerError.of(starting).message());
        var shutting = new RuntimeException(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null));
        assertEquals("the database is not reachable: it is shutting down", DockerError.of(shutting).message());
    }

    @Test
    void aConnectionClosedOrResetUnderAQueryIsA503() {
        assertEquals(503, DockerError.statusOf(ClosedConnectionException.INSTANCE));
        var reset = new CompletionException(new java.net.SocketException("Connection reset"));
        assertEquals(503, DockerError.statusOf(reset));
        assertEquals("the database is not reachable: connection lost", DockerError.of(reset).message());
    }

    @Test
    void otherDatabaseErrorsStay500WithTheirText() {
        var unique = new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null);
        assertEquals(500, DockerError.statusOf(unique));
        assertEquals(unique.getMessage(), DockerError.of(unique).message());
    }

    @Test
    void aBerthErrorKeepsItsKindAndWordsWhateverItsCause() {
        var e = new BerthException(ErrorKind.UNAVAILABLE, "image-service is not reachable: connection refused",
                new ConnectException());
        assertEquals(503, DockerError.statusOf(e));
        assertEquals("image-service is not reachable: connection refused", DockerError.of(e).message());
    }
}
