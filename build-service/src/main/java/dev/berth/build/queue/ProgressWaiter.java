package dev.berth.build.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * The connection waiting for one build, fed from the progress topic: each message once, in order. A record of an
 * attempt older than the newest one seen is a lost worker's late output and is dropped; within an attempt, a seq
 * already written is a redelivery.
 */
public final class ProgressWaiter {
    private final Consumer<JsonNode> client;
    private final Runnable end;
    private int attempt;
    private long written;
    private boolean ended;

    public ProgressWaiter(Consumer<JsonNode> client, Runnable end) {
        this.client = client;
        this.end = end;
    }

    /** @return true once the stream has ended */
    synchronized boolean accept(ProgressRecord record) {
        if (ended || record.attempt() < attempt) {
            return ended;
        }
        if (record.attempt() > attempt) {
            attempt = record.attempt();
            written = 0;
        }
        if (record.seq() <= written) {
            return false;
        }
        written = record.seq();
        if (record.end()) {
            ended = true;
            end.run();
        } else {
            client.accept(record.message());
        }
        return ended;
    }
}
