package dev.berth.build.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The build's stream when stages run at once: the client still reads the legacy stream in Dockerfile order. The
 * first unfinished stage is the current one and writes through live; a later stage's messages wait in its buffer
 * and go out when its turn comes. Every write to the client happens under this object's lock.
 */
final class StageOutputs {
    private final BuildOutput out;
    private final List<Stage> stages = new ArrayList<>();
    private int current;

    StageOutputs(BuildOutput out, int count) {
        this.out = out;
        for (int i = 0; i < count; i++) {
            stages.add(new Stage());
        }
    }

    /** The output of the stage at this place in the build's order (0 = first built stage). */
    BuildOutput stage(int order) {
        return stages.get(order);
    }

    /** That stage is done: the next one's buffered messages go out, and so on while they are done too. */
    synchronized void finished(int order) {
        stages.get(order).done = true;
        while (current < stages.size() && stages.get(current).done) {
            current++;
            if (current < stages.size()) {
                stages.get(current).flush();
            }
        }
    }

    private final class Stage implements BuildOutput {
        private final List<Consumer<BuildOutput>> pending = new ArrayList<>();
        private boolean done;

        private void emit(Consumer<BuildOutput> message) {
            synchronized (StageOutputs.this) {
                if (stages.get(Math.min(current, stages.size() - 1)) == this) {
                    message.accept(out);
                } else {
                    pending.add(message);
                }
            }
        }

        private void flush() {
            pending.forEach(message -> message.accept(out));
            pending.clear();
        }

        @Override
        public void stream(String text) {
            emit(o -> o.stream(text));
        }

        @Override
        public void step(int number, int total, String instruction) {
            emit(o -> o.step(number, total, instruction));
        }

        @Override
        public void stderr(String text) {
            emit(o -> o.stderr(text));
        }

        @Override
        public void progress(JsonNode message) {
            emit(o -> o.progress(message));
        }

        @Override
        public void aux(String imageId) {
            emit(o -> o.aux(imageId));
        }

        @Override
        public void error(String message, int code) {
            emit(o -> o.error(message, code));
        }
    }
}
