package dev.berth.build.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.build.run.BuildOutput;

/**
 * Sits between the builder and the client's stream: reports each finished step (a step is finished when the next
 * one begins, or the build ends) and, when this attempt takes a build over, holds back the messages of the steps
 * the client has already seen finish, so the replay (cache hits) does not print them twice.
 */
final class StepProgress implements BuildOutput {
    interface Listener {
        void finished(int number, int total);
    }

    private final BuildOutput target;
    private final int seenUpTo;
    private final Listener listener;
    private int current;
    private int total;
    private boolean replaying;

    StepProgress(BuildOutput target, int seenUpTo, Listener listener) {
        this.target = target;
        this.seenUpTo = seenUpTo;
        this.listener = listener;
        this.replaying = seenUpTo > 0;
    }

    @Override
    public void step(int number, int total, String instruction) {
        if (current > 0) {
            listener.finished(current, this.total);
        }
        current = number;
        this.total = total;
        replaying = number <= seenUpTo;
        if (!replaying) {
            target.step(number, total, instruction);
        }
    }

    /** The last step is done: reports it, and lets the final messages through. */
    void done() {
        if (current > 0) {
            listener.finished(current, total);
            current = 0;
        }
        replaying = false;
    }

    @Override
    public void stream(String text) {
        if (!replaying) {
            target.stream(text);
        }
    }

    @Override
    public void stderr(String text) {
        if (!replaying) {
            target.stderr(text);
        }
    }

    @Override
    public void progress(JsonNode message) {
        if (!replaying) {
            target.progress(message);
        }
    }

    @Override
    public void aux(String imageId) {
        if (!replaying) {
            target.aux(imageId);
        }
    }

    @Override
    public void error(String message, int code) {
        target.error(message, code);
    }

    @Override
    public void succeeded(String imageId) {
        target.succeeded(imageId);
    }
}
